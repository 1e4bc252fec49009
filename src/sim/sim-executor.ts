import type { Executor, StepReport } from '../domain/ports.js';
import type { PlannedAction } from '../domain/ticket.js';
import type { EstateStore } from '../store/estate-store.js';
import { dryRun, executeAction } from './remediation.js';
import { simLocalName } from './sim-names.js';

function local(action: PlannedAction): PlannedAction {
  return { ...action, target: simLocalName(action.target) };
}

/** Applies runbook actions to the simulated estate (canary first, rolled back when health drops). */
export function simulatedExecutor(estate: EstateStore): Executor {
  return {
    kind: 'simulated',
    automatic: true,
    async dryRun(actions, root, now) {
      return dryRun(await estate.read(), actions.map(local), simLocalName(root), now);
    },
    async apply(action, { now, root }) {
      let report: StepReport | undefined;
      await estate.update((state) => {
        const result = executeAction(state, local(action), { now, root: simLocalName(root) });
        report = result.report;
        return result.state;
      });
      return report ?? { actionId: action.id, outcome: 'skipped', log: [], healthBefore: 0, healthAfter: 0 };
    },
  };
}
