import type { ServiceMetrics } from './service-metrics.js';

/**
 * Where a partitioned service's calls go: the discard port on loopback, where nothing listens in
 * the lab, so the kernel refuses the connection for real.
 */
const REFUSING_ADDRESS = 'http://127.0.0.1:9';

export interface UpstreamAnswer {
  upstream: string;
  ok: boolean;
  /** The HTTP status, or the reason no answer came. */
  status: number | 'IO_ERROR';
}

export interface UpstreamClient {
  call(upstream: string, path: string): Promise<UpstreamAnswer>;
}

export function createUpstreamClient(options: {
  urls: Record<string, string>;
  timeoutMs: number;
  metrics: ServiceMetrics;
  /** True while the `dependency_down` fault cuts this service off from its upstreams. */
  partitioned(): boolean;
}): UpstreamClient {
  return {
    async call(upstream, path) {
      const base = options.partitioned() ? REFUSING_ADDRESS : options.urls[upstream];
      if (base === undefined) throw new Error(`unknown upstream ${upstream}`);
      const end = options.metrics.clientRequests.startTimer({ upstream });
      try {
        const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(options.timeoutMs) });
        await response.arrayBuffer();
        end({ status: String(response.status) });
        return { upstream, ok: response.ok, status: response.status };
      } catch {
        end({ status: 'IO_ERROR' });
        return { upstream, ok: false, status: 'IO_ERROR' };
      }
    },
  };
}
