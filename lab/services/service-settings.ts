import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

/** What a service reads from its settings file at start; `bad_config` breaks this file on purpose. */
export const ServiceSettings = z.object({
  poolSize: z.number().int().positive(),
  /** How long a request waits for a pooled connection before it gives up (HikariCP's connectionTimeout). */
  poolTimeoutMs: z.number().int().positive(),
  upstreamTimeoutMs: z.number().int().positive(),
  /** The size cap the service enforces on its own data directory. */
  diskQuotaBytes: z.number().int().positive(),
  /** The service's memory budget (what a container limit would be); the leak stops short of it. */
  memoryLimitBytes: z.number().int().positive(),
});
export type ServiceSettings = z.infer<typeof ServiceSettings>;

export const DEFAULT_SETTINGS: ServiceSettings = {
  poolSize: 20,
  poolTimeoutMs: 2_000,
  upstreamTimeoutMs: 3_000,
  diskQuotaBytes: 32 * 1024 * 1024,
  memoryLimitBytes: 256 * 1024 * 1024,
};

/** A setting a careless change could ship: the pool size as words. Parsing refuses it. */
export const BROKEN_SETTINGS_TEXT = '{ "poolSize": "ten", "poolTimeoutMs": 2000 }\n';

export function settingsText(settings: ServiceSettings): string {
  return `${JSON.stringify(settings, null, 2)}\n`;
}

export function writeSettings(file: string, settings: ServiceSettings): void {
  writeFileSync(file, settingsText(settings));
}

export class BadSettingsError extends Error {
  constructor(file: string, detail: string) {
    super(`settings file ${file} is invalid: ${detail}`);
    this.name = 'BadSettingsError';
  }
}

export function readSettings(file: string): ServiceSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BadSettingsError(file, error instanceof Error ? error.message : String(error));
  }
  const parsed = ServiceSettings.safeParse(raw);
  if (!parsed.success) throw new BadSettingsError(file, z.prettifyError(parsed.error).replace(/\n/g, '; '));
  return parsed.data;
}
