import type { CustomRoute } from '@slack/bolt';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics/metrics.js';
import { guardedHandler } from './guarded-handler.js';
import { sendText } from './respond.js';

/** `GET /metrics` in the Prometheus text format, for a scraper on the private network. */
export function metricsRoute(metrics: Pick<Metrics, 'render'>, logger: Logger): CustomRoute {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: guardedHandler('/metrics', logger, async (_req, res) => {
      const { contentType, body } = await metrics.render();
      sendText(res, 200, body, contentType);
    }),
  };
}
