import type { SpecialistKind } from '../../domain/faults.js';
import { type ProcessEvidence, processSource } from '../../domain/process-evidence.js';
import type { TelemetrySnapshot } from '../../domain/telemetry.js';
import type { Finding } from '../schemas.js';
import { makeFinding } from './evidence.js';

/**
 * What supervisord says about the incident service's program, as compute findings: a program that
 * is gone after failing to read its settings (exit status 78, EX_CONFIG in sysexits.h; a config
 * error in its log's tail; or supervisord could not spawn it at all) has a bad config, which a
 * restart does not end; one that ran and died otherwise crashed. An unavailable read gives no
 * finding. Pure.
 */
const EX_CONFIG = 78;
const CONFIG_ERROR =
  /invalid (config|configuration|settings?)|(settings|config|configuration) (is|are) invalid|(config|configuration|settings?) (error|parse error)|missing required (setting|config)/i;
/** States of a program that is not running and was not stopped on purpose. */
const GONE = new Set(['EXITED', 'FATAL', 'BACKOFF']);

type Read = Extract<ProcessEvidence, { available: true }>;

function stateLine(evidence: Read): string {
  const how = [
    evidence.state,
    ...(evidence.state === 'EXITED' || evidence.exitStatus !== 0
      ? [`exit status ${evidence.exitStatus}`]
      : []),
    ...(evidence.spawnError ? [`spawn error: ${evidence.spawnError}`] : []),
    ...(evidence.stoppedAt ? [`stopped at ${evidence.stoppedAt}`] : []),
  ];
  return `${processSource(evidence)}: ${how.join(', ')}`;
}

export function processFinding(evidence: ProcessEvidence | undefined): Finding | undefined {
  if (evidence === undefined || !evidence.available || !GONE.has(evidence.state)) return undefined;
  const configLines = evidence.logTail.filter((line) => CONFIG_ERROR.test(line));
  const exConfig = evidence.exitStatus === EX_CONFIG;
  const cannotSpawn =
    evidence.spawnError !== '' || evidence.state === 'FATAL' || evidence.state === 'BACKOFF';
  const signs = [
    ...(exConfig ? [`exit status ${EX_CONFIG} (EX_CONFIG)`] : []),
    ...(configLines.length > 0 ? ['a config error in its log'] : []),
    ...(cannotSpawn ? [`supervisord cannot keep it running (${evidence.state})`] : []),
  ];
  const badConfig = exConfig || configLines.length > 0;
  const logLines = (badConfig && configLines.length > 0 ? configLines : evidence.logTail).slice(-3);
  return makeFinding({
    service: evidence.service,
    fault: badConfig ? 'bad_config' : 'crash',
    signal: badConfig ? 'supervisor_config_exit' : 'supervisor_exit',
    summary: badConfig
      ? `${evidence.service} (supervisor program ${evidence.program}) is ${evidence.state} after failing on its settings: ${signs.join(', ')}`
      : `${evidence.service} (supervisor program ${evidence.program}) ran and died: ${evidence.state}, exit status ${evidence.exitStatus}`,
    evidence: [stateLine(evidence), ...logLines.map((line) => `${processSource(evidence)} log: ${line}`)],
    // Above the scrape-down crash (90): what supervisord says outranks what the metrics cannot tell.
    confidence: badConfig ? (exConfig && configLines.length > 0 ? 96 : 93) : cannotSpawn ? 90 : 92,
  });
}

/** The compute specialist's finding from the program's state (crashes and bad configs are compute's). */
export function supervisorFindings(kind: SpecialistKind, telemetry: TelemetrySnapshot): Finding[] {
  if (kind !== 'compute') return [];
  const finding = processFinding(telemetry.supervisor);
  return finding === undefined ? [] : [finding];
}
