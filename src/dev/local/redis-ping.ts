import net from 'node:net';

/** True when something at host:port answers a Redis PING (a NOAUTH refusal counts: Redis is there). */
export function redisAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => {
      const reply = chunk.toString();
      finish(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
  });
}
