import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FakeSentinel {
  port: number;
  /** Answers to `get-master-addr-by-name` wait this long first (a sentinel busy mid-failover). */
  answerDelayMs: number;
  /** Names `master` from now on and announces `+switch-master` to every subscriber, as a failover does. */
  switchTo(master: { host: string; port: number }): void;
  close(): Promise<void>;
}

/** A RESP bulk string array, as Redis replies. */
function array(items: readonly string[]): string {
  return `*${items.length}\r\n${items.map((item) => `$${Buffer.byteLength(item)}\r\n${item}\r\n`).join('')}`;
}

/** The complete commands at the front of `buffer` (arrays of bulk strings), and what is left over. */
function parseCommands(buffer: string): { commands: string[][]; rest: string } {
  const commands: string[][] = [];
  let at = 0;
  for (;;) {
    const header = buffer.indexOf('\r\n', at);
    if (header < 0 || buffer[at] !== '*') break;
    const count = Number(buffer.slice(at + 1, header));
    const args: string[] = [];
    let cursor = header + 2;
    for (let index = 0; index < count; index++) {
      const lengthEnd = buffer.indexOf('\r\n', cursor);
      if (lengthEnd < 0) break;
      const length = Number(buffer.slice(cursor + 1, lengthEnd));
      if (buffer.length < lengthEnd + 2 + length + 2) break;
      args.push(buffer.slice(lengthEnd + 2, lengthEnd + 2 + length));
      cursor = lengthEnd + 2 + length + 2;
    }
    if (args.length < count) break;
    commands.push(args);
    at = cursor;
  }
  return { commands, rest: buffer.slice(at) };
}

/**
 * Just enough of a Redis Sentinel, over real TCP, for a client's view of a failover: it names the
 * primary of `name`, serves `+switch-master` subscriptions, and can be slow to answer, which a
 * real sentinel cannot be made to be on cue.
 */
export async function startFakeSentinel(
  name: string,
  primary: { host: string; port: number },
): Promise<FakeSentinel> {
  let master = primary;
  const subscribers = new Set<net.Socket>();
  const sockets = new Set<net.Socket>();

  async function answer(socket: net.Socket, args: string[]): Promise<void> {
    const [command = '', sub = ''] = args.map((arg) => arg.toLowerCase());
    if (command === 'sentinel' && sub === 'get-master-addr-by-name') {
      await sleep(fake.answerDelayMs);
      socket.write(args[2] === name ? array([master.host, String(master.port)]) : '*-1\r\n');
    } else if (command === 'sentinel') socket.write('*0\r\n');
    else if (command === 'subscribe') {
      subscribers.add(socket);
      socket.write(`*3\r\n$9\r\nsubscribe\r\n$${Buffer.byteLength(args[1] ?? '')}\r\n${args[1]}\r\n:1\r\n`);
    } else if (command === 'ping') socket.write('+PONG\r\n');
    else socket.write('+OK\r\n');
  }

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      subscribers.delete(socket);
    });
    socket.on('error', () => socket.destroy());
    let pending = '';
    // One command at a time per connection, in order, as a Redis server answers.
    let answering = Promise.resolve();
    socket.on('data', (chunk) => {
      const { commands, rest } = parseCommands(pending + chunk.toString('utf8'));
      pending = rest;
      for (const args of commands) answering = answering.then(() => answer(socket, args));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const fake: FakeSentinel = {
    port: (server.address() as net.AddressInfo).port,
    answerDelayMs: 0,
    switchTo(next) {
      const old = master;
      master = next;
      const announcement = `${name} ${old.host} ${old.port} ${next.host} ${next.port}`;
      for (const socket of subscribers) socket.write(array(['message', '+switch-master', announcement]));
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
