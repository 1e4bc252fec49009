import { describe, expect, it } from 'vitest';
import { isCriticalFile, pathRisk } from '../../../../src/agents/guard/paths.js';
import { UNSEEN } from '../../../../src/agents/guard/unseen.js';

describe('pathRisk', () => {
  it.each([
    ['/', 'system'],
    ['/*', 'system'],
    ['~/*(d)', 'system'],
    ['~root', 'system'],
    ['/etc/nginx', 'system'],
    ['/usr/local/*', 'system'],
    ['/usr/lib/x86_64-linux-gnu', 'system'],
    ['/etc/systemd/system', 'system'],
    ['/tmp/../etc', 'system'],
    ['c:/', 'system'],
    ['c:/inetpub', 'system'],
    ['$env:systemroot', 'system'],
    ['hklm:software', 'system'],
    ['/var/lib/postgresql/14/main', 'data'],
    ['/srv/app/uploads/2026', 'data'],
    ['/mnt/backups/nightly', 'backup'],
    ['/tmp/app-cache/*', 'scratch'],
    ['/var/log/nginx/access.log.1.gz', 'scratch'],
    ['c:/temp/app-cache/*', 'scratch'],
    ['$env:temp/app-cache', 'scratch'],
    [UNSEEN, 'unseen'],
    [`${UNSEEN}/cache`, 'unseen'],
    ['/opt/app/releases/old', 'other'],
    ['/etc/nginx/conf.d/old.conf', 'other'],
  ])('%j is %s', (path, risk) => {
    expect(pathRisk(path)).toBe(risk);
  });
});

describe('isCriticalFile', () => {
  it.each([
    '/etc/passwd',
    '/etc/shadow',
    '/etc/sudoers',
    '/boot/vmlinuz',
    '/usr/bin/sudo',
    '/dev/sda',
    '/root/.ssh/authorized_keys',
  ])('%j is critical', (path) => {
    expect(isCriticalFile(path)).toBe(true);
  });

  it.each([
    '/etc/hosts',
    '/etc/resolv.conf',
    '/etc/ssh/sshd_config.bak',
    '/etc/nginx/nginx.conf',
    '/var/log/syslog',
  ])('%j is not', (path) => {
    expect(isCriticalFile(path)).toBe(false);
  });
});
