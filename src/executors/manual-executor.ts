import type { ManualAction } from './actions.js';
import type { ManualExecutorConfig } from './executor-config.js';
import type { CallMode, Executor, ExecutorResult } from './port.js';
import { createRedactor } from './redact.js';
import { type ResultContext, startCall, wrongKind } from './result.js';

/**
 * A checklist item for a person: nothing runs. Every call answers `unknown` (apply, rollback,
 * check), since only the person who did it can say whether it happened; a dry run is `ok`.
 */
export function createManualExecutor(config: ManualExecutorConfig): Executor {
  const context: ResultContext = {
    executor: { name: config.name, kind: 'manual' },
    redact: createRedactor([]),
  };
  const line = (text: string) => `manual ${config.name}: ${text}`;
  const answer = (mode: CallMode, action: ManualAction, text: string): ExecutorResult =>
    startCall(
      context,
      mode,
      line(action.instruction),
    )({
      outcome: mode === 'dry-run' ? 'ok' : 'unknown',
      ...(mode === 'dry-run' ? {} : { reason: 'a manual step: nothing ran; a person does it and says so' }),
      output: text,
    });
  return {
    kind: 'manual',
    name: config.name,
    describe: (action) => (action.kind === 'manual' ? line(action.instruction) : `${action.kind} action`),
    dryRun: async (action) =>
      action.kind === 'manual'
        ? answer('dry-run', action, `checklist item: ${action.instruction}`)
        : wrongKind(context, 'dry-run', action.kind),
    apply: async (action) =>
      action.kind === 'manual'
        ? answer('apply', action, `checklist item: ${action.instruction}`)
        : wrongKind(context, 'apply', action.kind),
    rollback: async (action) =>
      action.kind === 'manual'
        ? answer('rollback', action, `checklist item: ${action.rollback ?? `undo: ${action.instruction}`}`)
        : wrongKind(context, 'rollback', action.kind),
    check: async (action) =>
      action.kind === 'manual'
        ? answer('check', action, `ask whoever did it: ${action.instruction}`)
        : wrongKind(context, 'check', action.kind),
  };
}
