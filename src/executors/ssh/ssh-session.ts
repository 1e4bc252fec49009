import ssh2 from 'ssh2';
import { boundedText } from '../local/run-command.js';
import { hostKeyMatches } from './host-key.js';

/** One command over one SSH connection; the connection is closed when the command ends or the signal fires. */
export interface SshTarget {
  host: string;
  port: number;
  username: string;
  hostKey: string;
  privateKey: string;
  passphrase?: string;
}

export interface SshRun {
  /** The command's exit status; null when it ended by a signal or never ran. */
  exitStatus: number | null;
  exitSignal?: string;
  output: string;
  /** The command was sent: a failure from here on may have happened after it took effect. */
  sent: boolean;
  /** Why the run did not end normally: refused host key, auth, network, timeout. */
  failure?: string;
  hostKeyRefused?: boolean;
}

export function runOverSsh(
  target: SshTarget,
  command: string,
  options: { signal: AbortSignal; outputLimit: number; abortReason: () => string },
): Promise<SshRun> {
  const client = new ssh2.Client();
  const output = boundedText(options.outputLimit);
  let sent = false;
  let hostKeyRefused = false;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (run: Omit<SshRun, 'output' | 'sent'>) => {
      if (settled) return;
      settled = true;
      options.signal.removeEventListener('abort', onAbort);
      client.end();
      resolve({ ...run, output: output.text(), sent });
    };
    const onAbort = () => {
      client.destroy();
      settle({ exitStatus: null, failure: options.abortReason() });
    };
    if (options.signal.aborted) return onAbort();
    options.signal.addEventListener('abort', onAbort, { once: true });
    client.on('error', (error: Error & { level?: string }) =>
      settle({
        exitStatus: null,
        ...(hostKeyRefused
          ? { hostKeyRefused, failure: `the host key of ${target.host} is not the pinned one: refused` }
          : {
              failure: `ssh ${error.level === 'client-authentication' ? 'authentication failed' : error.message}`,
            }),
      }),
    );
    client.on('close', () => settle({ exitStatus: null, failure: 'the connection closed early' }));
    client.on('ready', () => {
      client.exec(command, (error, stream) => {
        if (error) return settle({ exitStatus: null, failure: `cannot run the command: ${error.message}` });
        sent = true;
        let exitStatus: number | null = null;
        let exitSignal: string | undefined;
        stream.on('data', (chunk: Buffer) => output.add(chunk.toString('utf8')));
        stream.stderr.on('data', (chunk: Buffer) => output.add(chunk.toString('utf8')));
        stream.on('exit', (code: number | null, signal?: string) => {
          exitStatus = typeof code === 'number' ? code : null;
          exitSignal = signal;
        });
        stream.on('close', () => settle({ exitStatus, ...(exitSignal ? { exitSignal } : {}) }));
      });
    });
    client.connect({
      host: target.host,
      port: target.port,
      username: target.username,
      privateKey: target.privateKey,
      ...(target.passphrase === undefined ? {} : { passphrase: target.passphrase }),
      // Checked before authentication: a wrong key never sees our credentials.
      hostVerifier: (key: Buffer) => {
        hostKeyRefused = !hostKeyMatches(target.hostKey, key);
        return !hostKeyRefused;
      },
      readyTimeout: 20_000,
      agent: undefined,
      tryKeyboard: false,
    });
  });
}
