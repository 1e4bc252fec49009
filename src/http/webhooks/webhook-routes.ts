import type { CustomRoute } from '@slack/bolt';
import { errorMessage } from '../../errors.js';
import { ALERT_SOURCES } from '../../ingest/alert.js';
import { createAuthThrottle } from '../auth-throttle.js';
import { sendJson } from '../respond.js';
import { handleWebhook, type WebhookOptions } from './handle-webhook.js';

/** `POST /webhooks/<source>` for every alert source, as Bolt custom routes (also served by the plain server). */
export function webhookRoutes(options: WebhookOptions): CustomRoute[] {
  const withThrottle = { ...options, authThrottle: options.authThrottle ?? createAuthThrottle() };
  return ALERT_SOURCES.map((source) => ({
    path: `/webhooks/${source}`,
    method: ['POST'],
    handler: (req, res) => {
      // Bolt does not await custom route handlers: a rejection here would be unhandled.
      handleWebhook(source, req, res, withThrottle).catch((error: unknown) => {
        options.logger.error({ source, err: errorMessage(error) }, 'webhook handler failed');
        options.onResult?.(source, 'internal_error', 0);
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal' });
        else res.destroy();
      });
    },
  }));
}
