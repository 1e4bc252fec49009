/** Where Warroom's Redis is: one server, a Sentinel-watched primary, or a Cluster. */
export interface HostPort {
  host: string;
  port: number;
}

export interface RedisEndpoint {
  /**
   * A standalone server. With `sentinel` or `clusterNodes` its host is not used: it carries only
   * the credentials, the database number and TLS (`rediss:`), which apply to every node.
   */
  url: string;
  /** Sentinels to ask for the current primary of the set `name`. */
  sentinel?: { nodes: readonly HostPort[]; name: string };
  /** Any nodes of a Redis Cluster; the rest are discovered. */
  clusterNodes?: readonly HostPort[];
  /**
   * After a write that must survive a failover (a decision, a step's start or outcome, a Slack
   * message record), wait up to this long for one replica to have it (`WAIT 1 <ms>`); 0: never.
   */
  waitReplicaMs?: number;
}

const HOST_PORT = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/;

/** `host:port` or `[ipv6]:port`; undefined when the text is neither. */
export function parseHostPort(text: string): HostPort | undefined {
  const match = HOST_PORT.exec(text.trim());
  if (!match) return undefined;
  const port = Number(match[3]);
  const host = match[1] ?? match[2];
  if (host === undefined || port < 1 || port > 65_535) return undefined;
  return { host, port };
}

/** The list as config holds it, already checked: a malformed entry is a programming error here. */
export function hostPorts(texts: readonly string[]): HostPort[] {
  return texts.map((text) => {
    const parsed = parseHostPort(text);
    if (!parsed) throw new Error(`Not host:port: ${text}`);
    return parsed;
  });
}

/** For logs: where, never the password. */
export function describeEndpoint(endpoint: RedisEndpoint): string {
  const list = (nodes: readonly HostPort[]) => nodes.map((node) => `${node.host}:${node.port}`).join(',');
  if (endpoint.clusterNodes) return `cluster ${list(endpoint.clusterNodes)}`;
  if (endpoint.sentinel) return `sentinel ${endpoint.sentinel.name} via ${list(endpoint.sentinel.nodes)}`;
  const url = new URL(endpoint.url);
  return `${url.protocol}//${url.host}${url.pathname}`;
}
