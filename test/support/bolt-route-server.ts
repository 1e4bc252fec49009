import type { AddressInfo } from 'node:net';
import { type CustomRoute, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { RouteServer } from './route-server.js';

/**
 * Serves custom routes with Bolt's own HTTPReceiver, so paths with parameters and wildcards are
 * matched exactly as in production (the plain server only matches exact paths).
 */
export async function startBoltRouteServer(routes: CustomRoute[]): Promise<RouteServer> {
  const receiver = new HTTPReceiver({
    signingSecret: 'unused-by-custom-routes',
    customRoutes: routes,
    logLevel: LogLevel.ERROR,
  });
  const server = await receiver.start(0);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await receiver.stop();
    },
  };
}
