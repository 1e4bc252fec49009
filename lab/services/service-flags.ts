import { z } from 'zod';

/** `journal`: every request appends to the data directory; turning it off keeps a full disk from failing requests. */
export const FLAG_NAMES = ['journal'] as const;

export const FlagRequest = z.object({ flag: z.enum(FLAG_NAMES), enabled: z.boolean() });
export type FlagRequest = z.infer<typeof FlagRequest>;

/** Feature flags a runbook can toggle over HTTP (`POST /admin/flags`), reset on restart. */
export class ServiceFlags {
  private readonly values: Record<(typeof FLAG_NAMES)[number], boolean> = { journal: true };

  enabled(flag: (typeof FLAG_NAMES)[number]): boolean {
    return this.values[flag];
  }

  set(request: FlagRequest): Record<string, boolean> {
    this.values[request.flag] = request.enabled;
    return { ...this.values };
  }
}
