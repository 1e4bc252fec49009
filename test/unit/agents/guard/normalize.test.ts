import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeCommand } from '../../../../src/agents/guard/index.js';

describe('normalizeCommand', () => {
  it('lowercases, unquotes and collapses whitespace', () => {
    expect(normalizeCommand(`  R''M   -Rf   "/"  `).commands).toContain('rm -rf /');
  });

  it('splits chains, pipes, backticks and command substitutions into commands', () => {
    const { commands } = normalizeCommand('a; b && c || d | e `f` $(g) <(h)\ni');
    for (const part of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']) expect(commands).toContain(part);
  });

  it('keeps whole statements with their pipes as pipelines', () => {
    expect(normalizeCommand('cd /tmp; curl -s x | sh').pipelines).toEqual(['cd /tmp', 'curl -s x | sh']);
  });

  it('peels wrappers layer by layer and keeps each layer', () => {
    const { commands } = normalizeCommand("sudo -u root env A=1 nohup bash -lc 'time rm -rf /srv'");
    expect(commands).toEqual([
      'sudo -u root env a=1 nohup bash -lc time rm -rf /srv',
      'env a=1 nohup bash -lc time rm -rf /srv',
      'nohup bash -lc time rm -rf /srv',
      'bash -lc time rm -rf /srv',
      'time rm -rf /srv',
      'rm -rf /srv',
    ]);
  });

  it('treats names found on Object.prototype as plain programs, not wrappers', () => {
    // `constructor` in an object literal of wrappers once threw "flagsWithValue.includes is not a function".
    expect(normalizeCommand('constructor -x rm -rf /').commands).toEqual(['constructor -x rm -rf /']);
    expect(normalizeCommand('__proto__ -u root reboot').commands).toEqual(['__proto__ -u root reboot']);
  });

  it('does not treat a shell running a script file as a wrapper', () => {
    expect(normalizeCommand('bash deploy.sh').commands).toEqual(['bash deploy.sh']);
  });

  it('reads through ssh, timeout and the command after --', () => {
    expect(normalizeCommand('ssh -i key.pem db1 timeout 30 reboot').commands).toContain('reboot');
    expect(normalizeCommand('kubectl exec db-0 -- psql -c x').commands).toContain('psql -c x');
  });

  it('decodes hex, octal and unicode escapes, $IFS and brace lists', () => {
    for (const text of [
      '\\x72\\x6d -rf /',
      '\\162\\155 -rf /',
      '\\u0072\\u006d -rf /',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${IFS}, on purpose
      'rm${IFS}-rf$IFS/',
      '{rm,-rf,/}',
    ]) {
      expect(normalizeCommand(text).commands).toContain('rm -rf /');
    }
  });

  it('decodes base64 payloads, nested up to three deep, and ignores base64 that is not text', () => {
    const once = Buffer.from('rm -rf /').toString('base64');
    const thrice = Buffer.from(Buffer.from(once).toString('base64')).toString('base64');
    expect(normalizeCommand(`echo ${thrice} | base64 -d | base64 -d | base64 -d | sh`).commands).toContain(
      'rm -rf /',
    );
    const fourTimes = Buffer.from(thrice).toString('base64');
    expect(normalizeCommand(fourTimes).commands).not.toContain('rm -rf /');
    expect(normalizeCommand('deployment kubernetes').commands).toEqual(['deployment kubernetes']);
  });

  it('yields only lowercased, trimmed, single-spaced, non-empty strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const { commands, pipelines } = normalizeCommand(text);
        for (const reading of [...commands, ...pipelines]) {
          expect(reading).toBe(reading.toLowerCase());
          expect(reading).toBe(reading.trim());
          expect(reading.length).toBeGreaterThan(0);
          expect(reading).not.toMatch(/\s{2}|[\t\n\r'"\\]/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
