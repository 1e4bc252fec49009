import type { Executor, HealthProbe } from '../domain/ports.js';

/**
 * Hands every step to a person: nothing is applied, nothing is predicted. Its dry run says what the
 * health probe sees now, so the approver decides on the real state, not on a simulation.
 */
export function manualExecutor(health: HealthProbe, why: (service: string) => string): Executor {
  return {
    kind: 'manual',
    automatic: false,
    async dryRun(_actions, root, now) {
      const [report] = await health.probe([root], now);
      const seen = report
        ? `${root} is ${report.state} now${report.reasons[0] ? ` (${report.reasons.join('; ')})` : ''}`
        : `${root} was not probed`;
      const unmeasured = report?.unmeasured.length
        ? `; could not measure: ${report.unmeasured.join('; ')}`
        : '';
      return {
        helps: false,
        summary: `Not simulated: ${why(root)}, so every step is manual. ${seen}${unmeasured}`,
        predicted: [],
      };
    },
    async apply(action) {
      return {
        actionId: action.id,
        outcome: 'manual',
        log: [`manual step for a person (${why(action.target)}): ${action.description}`],
        healthBefore: 0,
        healthAfter: 0,
      };
    },
  };
}
