import { type Catalog, parseCatalog } from '../../src/domain/catalog/index.js';
import { formatProblem } from '../../src/domain/catalog/problems.js';
import type { Status } from '../../src/domain/status.js';
import type { IncidentSource, Ticket } from '../../src/domain/ticket.js';
import { openIncident } from '../../src/pipeline/open-incident.js';
import type { Runtime } from '../../src/runtime.js';
import { waitForStatus } from './test-runtime.js';

/** A catalog from one YAML text, checked as at start; a test's own catalog must be valid. */
export function testCatalog(text: string): Catalog {
  const outcome = parseCatalog([{ name: 'catalog.yaml', text }]);
  if (!outcome.ok)
    throw new Error(`the test catalog is invalid: ${outcome.problems.map(formatProblem).join('; ')}`);
  return outcome.catalog;
}

/** Opens an incident on `system` (no Slack channel) and waits until it reaches one of `statuses`. */
export async function openAndWait(
  runtime: Runtime,
  incident: { system: string; issue: string; source?: IncidentSource },
  statuses: readonly Status[],
  timeoutMs?: number,
): Promise<Ticket> {
  const opened = await openIncident(runtime.ctx, {
    system: incident.system,
    issue: incident.issue,
    sev: 'sev2',
    source: incident.source ?? 'manual',
    channel: null,
  });
  return waitForStatus(runtime, opened.id, statuses, timeoutMs);
}
