import net from 'node:net';

/**
 * A loopback TCP proxy in front of PostgreSQL that reads the client's side of the wire protocol and,
 * when armed, forwards a `COMMIT` query to the server and then cuts the client off before any of the
 * server's answer reaches it: the one moment at which a client cannot know whether its transaction
 * was committed. The server still gets the COMMIT and answers it (to the proxy, which drops it).
 */
export interface CommitCutter {
  port: number;
  /** The next COMMIT on any connection is forwarded and its answer never delivered. */
  arm(): void;
  /** Resolves once an armed COMMIT has reached the server and the server has answered it. */
  committedUnseen(): Promise<void>;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

export async function startCommitCutter(target: { host: string; port: number }): Promise<CommitCutter> {
  let armed = false;
  let answered: () => void = () => {};
  let answeredPromise = new Promise<void>((resolve) => {
    answered = resolve;
  });
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const server = net.createServer((client) => {
    track(client);
    const upstream = net.connect(target);
    track(upstream);
    let cut = false;
    upstream.on('data', (chunk: Buffer) => {
      if (!cut) {
        client.write(chunk);
        return;
      }
      // The server's answer to the COMMIT: it was processed; the client never hears of it.
      answered();
      upstream.destroy();
    });
    upstream.on('close', () => {
      if (!cut) client.destroy();
    });
    client.on('close', () => {
      if (!cut) upstream.destroy();
    });

    let pending = Buffer.alloc(0);
    let startup = true;
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const headerBytes = startup ? 4 : 5;
        if (pending.length < headerBytes) return;
        const length = startup ? pending.readInt32BE(0) : pending.readInt32BE(1) + 1;
        if (pending.length < length) return;
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        if (startup) {
          const code = message.readInt32BE(4);
          startup = code === SSL_REQUEST || code === GSSENC_REQUEST;
        }
        upstream.write(message);
        const isCommit =
          !startup &&
          message[0] === 0x51 && // 'Q': a simple query
          message
            .subarray(5, length - 1)
            .toString('utf8')
            .trim()
            .toUpperCase() === 'COMMIT';
        if (armed && isCommit) {
          armed = false;
          cut = true;
          client.destroy();
          return;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    arm() {
      armed = true;
      answeredPromise = new Promise<void>((resolve) => {
        answered = resolve;
      });
    },
    committedUnseen: () => answeredPromise,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
