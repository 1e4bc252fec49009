import { redisAnswers } from '../../src/dev/local/redis-ping.js';

export interface TestRedis {
  url: string;
  source: 'REDIS_URL' | 'local' | 'testcontainers';
  stop: () => Promise<void>;
}

const LOCAL_REDIS = 'redis://127.0.0.1:6379';

const HOW_TO_GET_REDIS = [
  'No Redis for the integration tests. Any one of these works:',
  '  - set REDIS_URL=redis://host:port to a Redis you own (a test database you can flush is best);',
  '  - start a local one: `redis-server --port 6379 --save "" --appendonly no` (Debian: apt-get install redis-server);',
  '  - `docker compose up -d redis`, or run Docker so testcontainers can start one.',
].join('\n');

/** REDIS_URL when set, else a Redis on 127.0.0.1:6379, else testcontainers, else a clear error. */
export async function resolveTestRedis(): Promise<TestRedis> {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv) return { url: fromEnv, source: 'REDIS_URL', stop: async () => {} };
  if (await redisAnswers('127.0.0.1', 6379))
    return { url: LOCAL_REDIS, source: 'local', stop: async () => {} };
  try {
    // Imported lazily: testcontainers needs a container runtime and is heavy to load.
    const { RedisContainer } = await import('@testcontainers/redis');
    const container = await new RedisContainer('redis:7-alpine').start();
    return {
      url: container.getConnectionUrl(),
      source: 'testcontainers',
      stop: async () => {
        await container.stop();
      },
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${HOW_TO_GET_REDIS}\n(testcontainers: ${reason})`);
  }
}
