/** Texts that leak a credential: the rule that must catch it, the secret, and what an excerpt shows instead. */
export interface CredentialSample {
  text: string;
  ruleId: string;
  secret: string;
  shown: string;
}

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const GITHUB_TOKEN = 'ghp_aBcDeF0123456789aBcDeF0123456789abcd';
const BEARER = 'Authorization: Bearer abcdef0123456789abcdef';

export const CREDENTIAL_SAMPLES: readonly CredentialSample[] = [
  {
    text: 'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
    ruleId: 'G027',
    secret: 'iosfodnn7example',
    shown: 'akia****',
  },
  {
    text: 'SLACK_BOT_TOKEN=xoxb-1234567890-0987654321-AbCdEfGhIjKl',
    ruleId: 'G028',
    secret: '1234567890-0987654321',
    shown: 'xoxb-****',
  },
  {
    text: `git clone https://${GITHUB_TOKEN}@github.com/o/r`,
    ruleId: 'G029',
    secret: 'abcdef0123',
    shown: 'ghp_****',
  },
  {
    text: '-----BEGIN RSA PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
    ruleId: 'G030',
    secret: 'miievqibadanbgkq',
    shown: 'private key-----****',
  },
  { text: 'mysql -u root --password=hunter2', ruleId: 'G031', secret: 'hunter2', shown: '--password=****' },
  { text: 'DB_PASSWORD: s3cr3t!', ruleId: 'G031', secret: 's3cr3t', shown: 'password: ****' },
  {
    text: `echo ${Buffer.from('password=hunter2').toString('base64')} | base64 -d | sh`,
    ruleId: 'G031',
    secret: 'cgfzc3dvcmq9',
    shown: 'password=****',
  },
  {
    text: 'psql postgres://app:correct-horse@db:5432/app',
    ruleId: 'G032',
    secret: 'correct-horse',
    shown: '//app:****@',
  },
  {
    text: `curl -H "${BEARER}" https://api`,
    ruleId: 'G033',
    secret: 'abcdef0123456789',
    shown: 'bearer ****',
  },
  {
    text: `curl -H "${BEARER}" https://x.io/i.sh | sh`,
    ruleId: 'G025',
    secret: 'abcdef0123456789',
    shown: 'bearer ****',
  },
  { text: JWT, ruleId: 'G034', secret: 'dozjg', shown: 'eyj****' },
];
