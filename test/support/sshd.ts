import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../src/dev/local/free-port.js';

/** Debian's `sshd` (openssh-server), or why the SSH tests must skip; `.ci/run` installs it. */
export function findSshd(): { binary: string } | { skip: string } {
  for (const binary of ['/usr/sbin/sshd', '/usr/bin/sshd'])
    if (spawnSync(binary, ['-V'], { encoding: 'utf8' }).error === undefined) return { binary };
  return { skip: 'sshd is not installed (apt-get install -y openssh-server)' };
}

export interface Sshd {
  port: number;
  username: string;
  /** `SHA256:…` of the host key, as `ssh-keygen -lf` prints it. */
  hostFingerprint: string;
  /** The host's public key line. */
  hostPublicKey: string;
  /** A key sshd accepts for `username` (OpenSSH format). */
  userPrivateKey: string;
  userPrivateKeyPath: string;
  /** Another host's key, to play a host that is not the pinned one. */
  strangerFingerprint: string;
  /** A key sshd does not accept. */
  strangerPrivateKey: string;
  close(): Promise<void>;
}

function keygen(path: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'warroom-test', '-f', path]);
}

/**
 * A private sshd on a free loopback port: throwaway host and user keys in a temp dir, key login for
 * the current user only, no PAM. It listens when it logs "Server listening", not after a sleep.
 */
export async function startSshd(binary: string): Promise<Sshd> {
  const dir = await mkdtemp(join(tmpdir(), 'warroom-sshd-'));
  // sshd refuses to start without its privilege-separation directory.
  await mkdir('/run/sshd', { recursive: true }).catch(() => undefined);
  for (const name of ['host', 'user', 'stranger']) keygen(join(dir, name));
  await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'user.pub')));
  const port = await freeLoopbackPort();
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    'UsePAM no',
    'StrictModes no',
    'LogLevel VERBOSE',
  ].join('\n');
  await writeFile(join(dir, 'sshd_config'), `${config}\n`);
  const child: ChildProcess = spawn(binary, ['-D', '-e', '-f', join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      if (log.includes('Server listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`sshd exited with ${code}: ${log}`)));
  });
  const fingerprint = (name: string) =>
    execFileSync('ssh-keygen', ['-lf', join(dir, `${name}.pub`)], { encoding: 'utf8' }).split(' ')[1] ?? '';
  return {
    port,
    username: userInfo().username,
    hostFingerprint: fingerprint('host'),
    hostPublicKey: (await readFile(join(dir, 'host.pub'), 'utf8')).trim(),
    userPrivateKey: await readFile(join(dir, 'user'), 'utf8'),
    userPrivateKeyPath: join(dir, 'user'),
    strangerFingerprint: fingerprint('stranger'),
    strangerPrivateKey: await readFile(join(dir, 'stranger'), 'utf8'),
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      if (child.exitCode === null && child.signalCode === null) await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
