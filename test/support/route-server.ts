import type { AddressInfo } from 'node:net';
import type { CustomRoute } from '@slack/bolt';
import { startPlainServer } from '../../src/http/plain-server.js';

export interface RouteServer {
  url: string;
  close: () => Promise<void>;
}

/** Serves Bolt custom routes over real HTTP on a free loopback port, with the plain server's dispatcher. */
export async function startRouteServer(routes: CustomRoute[]): Promise<RouteServer> {
  const server = await startPlainServer(routes, 0);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
