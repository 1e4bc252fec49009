import { timingSafeEqual } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { FaultRequest, type FaultState } from './fault-state.js';
import { FlagRequest, type ServiceFlags } from './service-flags.js';
import { BROKEN_SETTINGS_TEXT, readSettings } from './service-settings.js';

export const LAB_TOKEN_HEADER = 'x-lab-token';
export const EXIT_CRASH = 1;
/** EX_CONFIG from sysexits.h: the settings cannot be used. */
export const EXIT_BAD_CONFIG = 78;

/** The lab token, as `x-lab-token` (the lab runner) or `Authorization: Bearer` (Warroom's http executor). */
function presentedToken(req: IncomingMessage): string | undefined {
  const header = req.headers[LAB_TOKEN_HEADER];
  if (typeof header === 'string') return header;
  const authorization = req.headers.authorization;
  return authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
}

function tokenMatches(given: string | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

function answer(res: ServerResponse, code: number, body: unknown, then?: () => void): void {
  res.writeHead(code, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify(body), then);
}

/**
 * `POST /admin/fault` with the lab token breaks or heals this service for real; `POST /admin/flags`
 * toggles a feature flag.
 */
export function createAdminRoute(options: {
  service: string;
  token: string;
  settingsFile: string;
  faults: FaultState;
  flags: ServiceFlags;
  logger: Logger;
}) {
  const { faults, flags, logger } = options;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!tokenMatches(presentedToken(req), options.token)) {
      return answer(res, 401, { ok: false, error: `missing or wrong ${LAB_TOKEN_HEADER} or bearer token` });
    }
    const body = await readJson(req).catch(() => undefined);
    if (req.url === '/admin/flags') {
      const flag = FlagRequest.safeParse(body);
      if (!flag.success) return answer(res, 400, { ok: false, error: flag.error.message });
      logger.warn({ flag: flag.data }, 'feature flag set');
      return answer(res, 200, { ok: true, service: options.service, flags: flags.set(flag.data) });
    }
    const parsed = FaultRequest.safeParse(body);
    if (!parsed.success) return answer(res, 400, { ok: false, error: parsed.error.message });
    const request = parsed.data;
    logger.warn({ fault: request }, 'fault requested');
    if (request.fault === 'crash') {
      return answer(res, 202, { ok: true, service: options.service, exiting: EXIT_CRASH }, () => {
        logger.fatal('crash fault: exiting');
        process.exit(EXIT_CRASH);
      });
    }
    if (request.fault === 'bad_config') {
      writeFileSync(options.settingsFile, BROKEN_SETTINGS_TEXT);
      return answer(res, 202, { ok: true, service: options.service, reloading: true }, () => {
        // A reload reads the file it just broke, as the next start will: both fail the same way.
        try {
          readSettings(options.settingsFile);
        } catch (error) {
          logger.fatal({ err: error }, 'reload failed: settings are invalid');
          process.exit(EXIT_BAD_CONFIG);
        }
      });
    }
    await faults.apply(request);
    answer(res, 200, { ok: true, service: options.service, faults: faults.describe() });
  };
}
