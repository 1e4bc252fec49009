import type { Executor, StepReport } from '../domain/ports.js';
import type { PlannedAction } from '../domain/ticket.js';
import type { EstateStore } from '../store/estate-store.js';
import { dryRun, executeAction } from './remediation.js';
import { isSimName, SIM_PREFIX, simLocalName } from './sim-names.js';

function local(action: PlannedAction): PlannedAction {
  return { ...action, target: simLocalName(action.target) };
}

/** Applies runbook actions to the simulated estate (canary first, rolled back when health drops). */
export function simulatedExecutor(estate: EstateStore): Executor {
  return {
    kind: 'simulated',
    automatic: true,
    async dryRun(actions, root, now) {
      const result = dryRun(await estate.read(), actions.map(local), simLocalName(root), now);
      if (!isSimName(root)) return result;
      // Beside a catalog the simulation's services are shown as sim:<name>, in predictions too.
      return {
        ...result,
        summary: result.summary.replace(`: ${simLocalName(root)} `, `: ${root} `),
        predicted: result.predicted.map((entry) => ({ ...entry, service: `${SIM_PREFIX}${entry.service}` })),
      };
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
