import type { Catalog } from '../domain/catalog/index.js';
import type { ParamValue } from '../executors/params.js';
import { fillParams } from './fill-params.js';
import { mayActOn } from './match-runbooks.js';
import { renderSteps } from './render-step.js';
import type { Runbook } from './runbook.js';

export type DryRunRequest =
  | { ok: true; runbook: Runbook; service: string; params: Readonly<Record<string, ParamValue>> }
  | { ok: false; problem: string };

/**
 * `/runbook dry-run ID service [param=value…]` checked before anything is queued: the runbook is
 * loaded, the service is in the catalog and one the runbook may act on, every param fills and
 * passes its checks, and every step renders. Pure; every problem is said.
 */
export function checkDryRunRequest(
  runbooks: readonly Runbook[],
  catalog: Catalog | undefined,
  request: { id: string; service: string; overrides: ReadonlyMap<string, string> },
): DryRunRequest {
  const runbook = runbooks.find((candidate) => candidate.id === request.id);
  if (runbook === undefined)
    return { ok: false, problem: `No runbook \`${request.id}\`. Try \`/runbook list\`.` };
  const service = catalog?.find(request.service)?.name;
  if (catalog === undefined || service === undefined)
    return { ok: false, problem: `\`${request.service}\` is not a service of the catalog.` };
  if (!mayActOn(runbook, service))
    return { ok: false, problem: `Runbook \`${runbook.id}\` may not act on \`${service}\`.` };
  const filled = fillParams(runbook, { service }, request.overrides, catalog);
  if (!filled.ok) return { ok: false, problem: `Nothing was dry-run: ${filled.refusals.join('; ')}.` };
  const rendered = renderSteps(runbook, filled.values);
  if (!rendered.ok)
    return { ok: false, problem: `Nothing was dry-run: step ${rendered.stepId}: ${rendered.reason}.` };
  return { ok: true, runbook, service, params: filled.values };
}
