import type { TelemetrySnapshot } from '../../domain/telemetry.js';
import { listServices } from '../../domain/telemetry-tools.js';
import type { Finding } from '../schemas.js';

/** One thing a specialist looks for on one service: a finding, or null when it is not there. */
export type Check = (snapshot: TelemetrySnapshot, service: string) => Finding | null;

export const MAX_FINDINGS = 20;

/** Every check over every service, strongest finding first. */
export function runChecks(snapshot: TelemetrySnapshot, checks: readonly Check[]): Finding[] {
  const findings = listServices(snapshot).flatMap((service) =>
    checks.map((check) => check(snapshot, service)).filter((finding): finding is Finding => finding !== null),
  );
  return findings
    .sort((a, b) => b.confidence - a.confidence || a.service.localeCompare(b.service))
    .slice(0, MAX_FINDINGS);
}
