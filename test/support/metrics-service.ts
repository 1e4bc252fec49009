/**
 * A small real HTTP service for tests, run as its own process (`node --import tsx`): it serves
 * GET /work (a 500 for the share of requests its admin endpoint asks for), sends itself steady
 * traffic, and exposes prom-client metrics on /metrics. Prints `listening <port>` when ready.
 * With RELEASE_DIR it runs the release deployed there (read once at start, as a deploy's new
 * process does): `release.json` gives its version and the share of requests that release fails;
 * GET /version answers it.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Counter, Histogram, Registry } from 'prom-client';

const registry = new Registry();
const requests = new Counter({
  name: 'http_requests_total',
  help: 'Requests served.',
  labelNames: ['code'],
  registers: [registry],
});
const duration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time to answer a request.',
  buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1],
  registers: [registry],
});

const release: { version: string; errorShare: number } = process.env.RELEASE_DIR
  ? JSON.parse(readFileSync(join(process.env.RELEASE_DIR, 'release.json'), 'utf8'))
  : { version: 'unversioned', errorShare: 0 };
let errorShare = release.errorShare;
let served = 0;

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/metrics') {
    registry.metrics().then((text) => {
      res.writeHead(200, { 'content-type': registry.contentType }).end(text);
    });
    return;
  }
  if (url.pathname === '/version') {
    res.writeHead(200).end(release.version);
    return;
  }
  if (url.pathname === '/admin/errors' && req.method === 'POST') {
    errorShare = Math.min(1, Math.max(0, Number(url.searchParams.get('share') ?? '0')));
    res.writeHead(204).end();
    return;
  }
  if (url.pathname === '/work') {
    const stop = duration.startTimer();
    served += 1;
    // Failures spread evenly (not in bursts), so every scrape window sees the same share.
    const fails = Math.floor(served * errorShare) > Math.floor((served - 1) * errorShare);
    const code = fails ? 500 : 200;
    requests.inc({ code: String(code) });
    stop();
    res.writeHead(code).end(fails ? 'failed' : 'ok');
    return;
  }
  res.writeHead(404).end();
});

// PORT: a fixed port, so a supervised copy comes back where Prometheus scrapes it.
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  const traffic = setInterval(() => {
    for (let index = 0; index < 10; index += 1) {
      fetch(`http://127.0.0.1:${port}/work`).then(
        (response) => response.arrayBuffer(),
        () => undefined,
      );
    }
  }, 100);
  traffic.unref();
  process.stdout.write(`listening ${port}\n`);
});

process.on('SIGTERM', () => process.exit(0));
