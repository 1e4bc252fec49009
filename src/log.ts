import { type Logger, pino } from 'pino';

export type { Logger };

/** Paths that may carry secrets anywhere in a log object. */
export const REDACTED_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'apiKey',
  'password',
  'authorization',
  'headers.authorization',
  'headers["x-slack-signature"]',
  'headers["x-pagerduty-signature"]',
  'req.headers.authorization',
  'config.SLACK_BOT_TOKEN',
  'config.SLACK_SIGNING_SECRET',
  'config.SLACK_APP_TOKEN',
  'config.WEBHOOK_TOKEN',
  'config.GEMINI_API_KEY',
  'config.API_TOKEN',
  'config.CHANGE_API_TOKEN',
  'config.ADMIN_PASSWORD',
  'config.PAGERDUTY_WEBHOOK_SECRET',
  'config.GRAFANA_WEBHOOK_SECRET',
  'config.PAGERDUTY_ROUTING_KEY',
  'routingKey',
  'routing_key',
  '*.routingKey',
  '*.routing_key',
  '*.token',
  '*.apiKey',
  '*.password',
  '*.authorization',
];

export function createLogger(
  options: { level: string; name?: string },
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      name: options.name ?? 'warroom',
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export function incidentLogger(logger: Logger, incidentId: string): Logger {
  return logger.child({ incident: incidentId });
}
