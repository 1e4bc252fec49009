import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('config', () => {
  it('applies defaults and freezes the result', () => {
    const config = loadConfig({});
    expect(config.ROLE).toBe('all');
    expect(config.PORT).toBe(3000);
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.HITL_TIMEOUT_SECONDS).toBe(900);
    expect(config.AUTO_REMEDIATE).toBe(false);
    expect(config.APPROVERS).toEqual([]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('parses approvers and flags', () => {
    const config = loadConfig({ APPROVERS: 'U123, U456 ,', AUTO_REMEDIATE: 'true', ROLE: 'worker' });
    expect(config.APPROVERS).toEqual(['U123', 'U456']);
    expect(config.AUTO_REMEDIATE).toBe(true);
    expect(config.ROLE).toBe('worker');
  });

  it('checks FREEZE_WINDOWS at start: a bad interval stops it with what to write', () => {
    const good = '2026-12-24T00:00Z/2026-12-27T00:00Z,2027-01-01T00:00Z/2027-01-02T00:00Z';
    expect(loadConfig({ FREEZE_WINDOWS: good }).FREEZE_WINDOWS).toBe(good);
    expect(() => loadConfig({ FREEZE_WINDOWS: '2026-12-24T00:00Z/2026-12-27T00:00Z,christmas' })).toThrow(
      /FREEZE_WINDOWS.*"christmas" is not an interval: write it as start\/end in ISO 8601 with a zone/,
    );
    expect(() => loadConfig({ FREEZE_WINDOWS: '2026-12-27T00:00Z/2026-12-24T00:00Z' })).toThrow(
      /ends before it starts/,
    );
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ ROLE: 'both', PORT: 'eighty', REDIS_URL: 'http://nope', APPROVERS: 'bob' });
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/ROLE/);
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/REDIS_URL/);
      expect(problems).toMatch(/APPROVERS/);
    }
  });

  it('needs a signing secret with a bot token unless Socket Mode is on', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).SLACK_APP_TOKEN).toBe(
      'xapp-1',
    );
  });

  it('reads runbook paths and the local-commands switch, and wants a catalog with runbooks', () => {
    const config = loadConfig({
      WARROOM_CATALOG: 'catalog.yaml',
      WARROOM_RUNBOOKS: 'runbooks, more/restart.yaml',
      LOCAL_COMMANDS: 'true',
    });
    expect(config.WARROOM_RUNBOOKS).toEqual(['runbooks', 'more/restart.yaml']);
    expect(config.LOCAL_COMMANDS).toBe(true);
    expect(loadConfig({}).LOCAL_COMMANDS).toBe(false);
    expect(() => loadConfig({ WARROOM_RUNBOOKS: 'runbooks' })).toThrow(
      /WARROOM_RUNBOOKS: needs WARROOM_CATALOG/,
    );
  });

  it("notices a dead worker's jobs within 15 s by default, and lets that be tuned", () => {
    const defaults = loadConfig({});
    // A job's lock expires, then the next stall check hands it to another worker.
    expect(defaults.JOB_LOCK_SECONDS + defaults.STALLED_CHECK_SECONDS).toBeLessThanOrEqual(15);
    expect(defaults.JOB_MAX_STALLS).toBe(1);
    const tuned = loadConfig({ JOB_LOCK_SECONDS: '2', STALLED_CHECK_SECONDS: '0.5', JOB_MAX_STALLS: '0' });
    expect([tuned.JOB_LOCK_SECONDS, tuned.STALLED_CHECK_SECONDS, tuned.JOB_MAX_STALLS]).toEqual([2, 0.5, 0]);
    expect(() => loadConfig({ JOB_LOCK_SECONDS: '0' })).toThrow(/JOB_LOCK_SECONDS/);
  });
});
