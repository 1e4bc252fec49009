import type { FaultKind } from './faults.js';
import type { Severity } from './severity.js';

/**
 * What a Warning event's reason says about the fault, where it is clear; the message tells apart
 * reasons that cover several causes (a BackOff pulling an image is a bad config, not a crash).
 */
export function faultOfEvent(reason: string, message: string): FaultKind | undefined {
  const text = message.toLowerCase();
  switch (reason) {
    case 'OOMKilling':
    case 'OOMKilled':
      return 'memory_leak';
    case 'BackOff':
    case 'CrashLoopBackOff':
      return /pull|image/.test(text) ? 'bad_config' : 'crash';
    case 'FailedMount':
    case 'FailedAttachVolume':
      return /no space|disk|quota/.test(text) ? 'disk_full' : 'bad_config';
    case 'Unhealthy':
      return /timeout|deadline exceeded/.test(text) ? 'slow' : 'web_5xx';
    case 'Failed':
    case 'ErrImagePull':
    case 'InspectFailed':
    case 'CreateContainerConfigError':
      return 'bad_config';
    case 'Evicted':
    case 'FreeDiskSpaceFailed':
    case 'EvictionThresholdMet':
      return /memory/.test(text) ? 'memory_leak' : 'disk_full';
    default:
      return undefined;
  }
}

const SERIOUS: ReadonlySet<FaultKind> = new Set(['crash', 'memory_leak', 'disk_full']);

/** A workload that crashes, runs out of memory or disk pages someone; the rest is a warning. */
export function severityOfEvent(fault: FaultKind | undefined): Severity {
  return fault !== undefined && SERIOUS.has(fault) ? 'sev2' : 'sev3';
}
