import { describe, expect, it } from 'vitest';
import { guardText, reportVerdict } from '../../../../src/agents/guard/index.js';

/**
 * The red team's findings (#19): steps the guard let through, or only warned about. Each is blocked
 * now, by the rule that names what it does.
 */
const MISSED: Array<[line: string, ruleId: string]> = [
  ['find / -delete', 'G001'],
  ['X=rm; $X -rf /', 'G001'],
  ["$(printf 'rm') -rf /", 'G001'],
  ['`echo rm` -rf /', 'G001'],
  ['terraform destroy -auto-approve', 'G049'],
  ['> /etc/passwd', 'G043'],
  ['shred -u /etc/shadow', 'G045'],
  ['truncate -s 0 /etc/passwd', 'G043'],
  ['kill -9 -1', 'G038'],
  ['mv / /dev/null', 'G044'],
  ['cp /dev/zero /dev/sda', 'G010'],
  ['crontab -r', 'G041'],
  ['userdel -r root', 'G042'],
  ['iptables -P INPUT DROP', 'G023'],
  ['aws ec2 terminate-instances --instance-ids i-0abc123', 'G048'],
  ['DELETE FROM users WHERE 1=1', 'G006'],
  [`python3 -c "import os; os.system('rm -rf /')"`, 'G001'],
  ['echo "/ fr- mr" | rev | bash', 'G001'],
  ['r\u200bm -rf /', 'G001'],
  ['r\u200dm\u2060 -rf /', 'G001'],
  ['\ufeffr\u00adm -rf /', 'G001'],
];

const ONLY_WARNED: Array<[line: string, ruleId: string]> = [
  ['find / -exec rm -rf {} +', 'G001'],
  ['cat targets.txt | xargs rm -rf', 'G001'],
  ['rm -rf $(echo /)', 'G001'],
  ['redis-cli FLUSHALL', 'G007'],
];

describe('the red team lines (#19)', () => {
  it.each([...MISSED, ...ONLY_WARNED])('%j is blocked by %s', (line, ruleId) => {
    const findings = guardText(line);
    expect(reportVerdict(findings)).toBe('block');
    expect(findings.find((finding) => finding.ruleId === ruleId)?.verdict).toBe('block');
  });
});
