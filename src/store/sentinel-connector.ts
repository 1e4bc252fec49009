import { Redis as IORedis, type SentinelConnectionOptions, SentinelConnector } from 'ioredis';

const SWITCH_MASTER = '+switch-master';
/** A sentinel's subscription that lost its server tries again, up to every two seconds. */
const MAX_RESUBSCRIBE_DELAY_MS = 2_000;

type Stream = Awaited<ReturnType<SentinelConnector['connect']>>;

/**
 * Sentinel connections that follow a failover the moment the sentinels announce it, even when the
 * old primary hangs instead of closing its connections. This replaces ioredis's own failover
 * detector, which answers `+switch-master` with the connector's `disconnect()`: when that lands
 * while the connection is already reconnecting (its primary died, so it is asking the sentinels
 * again), the attempt throws "Connection is closed", the connection ends for good and every queued
 * command fails with it (ioredis 5.11 and 6.1). Here an announcement only cuts a stream that goes
 * elsewhere than the new primary; ioredis then reconnects as after any dropped connection, and a
 * connection attempt already under way goes on and asks the sentinels itself.
 */
export class FailoverFollowingConnector extends SentinelConnector {
  /** ioredis hands a custom connector the connection's whole options, typed unknown. */
  constructor(options: unknown) {
    super(options as SentinelConnectionOptions);
  }

  override async connect(...args: Parameters<SentinelConnector['connect']>): Promise<Stream> {
    const stream = await super.connect(...args);
    // Once connected: a failover's many refused attempts would each open and close the subscriptions.
    if (stream.connecting) stream.once('connect', () => followSwitches(this.options, stream));
    else followSwitches(this.options, stream);
    return stream;
  }
}

/** Subscribes to every configured sentinel's announcements for as long as `stream` is open. */
function followSwitches(options: SentinelConnectionOptions, stream: Stream): void {
  const sentinels = (options.sentinels ?? []).map((address) => {
    const sentinel = new IORedis({
      host: address.host ?? '127.0.0.1',
      port: address.port ?? 26379,
      username: options.sentinelUsername,
      password: options.sentinelPassword,
      tls: options.sentinelTLS,
      connectTimeout: options.connectTimeout,
      enableReadyCheck: false,
      maxRetriesPerRequest: null,
      retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RESUBSCRIBE_DELAY_MS),
    });
    // One sentinel down is what a quorum is for: the others announce the switch.
    sentinel.on('error', () => undefined);
    sentinel.subscribe(SWITCH_MASTER).catch(() => undefined);
    sentinel.on('message', (_channel: string, message: string) => {
      const [name, , , host, port] = message.split(' ');
      if (name === options.name && !goesTo(stream, host, port)) stream.destroy();
    });
    return sentinel;
  });
  stream.once('close', () => {
    for (const sentinel of sentinels) sentinel.disconnect();
  });
}

/**
 * True when `stream` is connected to host:port (IPv4 addresses may show in their IPv6 form). A
 * sentinel that announces hostnames never matches: that costs one needless reconnect per failover.
 */
function goesTo(stream: Stream, host: string | undefined, port: string | undefined): boolean {
  const remote = stream.remoteAddress?.replace(/^::ffff:/, '');
  return remote !== undefined && remote === host && String(stream.remotePort) === port;
}
