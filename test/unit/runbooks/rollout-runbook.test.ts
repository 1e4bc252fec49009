import { describe, expect, it } from 'vitest';
import { parseTeamCatalog } from '../../../src/catalog/team-catalog.js';
import { formatProblem } from '../../../src/domain/catalog/index.js';
import { parseRunbooks } from '../../../src/runbooks/index.js';

const catalog = parseTeamCatalog([
  {
    name: 'catalog.yaml',
    text: `services:
  - { name: shop, owner: { team: shop }, tier: 2, instances: 3 }
executors:
  - { name: host, kind: local }
`,
  },
]);

const runbook = (rollout: string, params: string) => `id: rollout-shop
title: Roll out shop
rollout: ${rollout}
params:
${params}
steps:
  - id: switch
    title: Switch
    executor: host
    action: { kind: local, command: [ln, -sfn, "/srv/{{version}}", "/srv/current"] }
    risk: medium
`;

function parse(text: string) {
  if (!catalog.ok) throw new Error('catalog');
  return parseRunbooks([{ name: 'rollouts.yaml', text }], catalog.catalog);
}

describe('rollout runbooks', () => {
  it('need no matches; the rollout names its service, unit and gates (health by default)', () => {
    const parsed = parse(
      runbook(
        '{ service: shop }',
        '  instance: { type: integer, min: 1, max: 3, from: instance }\n  version: { type: string, pattern: "^[0-9.]{1,20}$" }',
      ),
    );
    expect(parsed.ok && parsed.runbooks[0]?.rollout).toEqual({
      service: 'shop',
      unit: 'instance',
      gates: [{ kind: 'health' }],
    });
  });

  it('refuse an unknown service and a missing param the rollout fills, naming each', () => {
    const parsed = parse(
      runbook(
        '{ service: nowhere, unit: percent }',
        '  version: { type: string, pattern: "^[0-9.]{1,20}$" }',
      ),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const problems = parsed.problems.map(formatProblem).join('\n');
    expect(problems).toContain('rollout.service: unknown service "nowhere": not in the catalog');
    expect(problems).toContain(
      'runbook "rollout-shop" is a rollout: it needs a `percent` param (the rollout fills it)',
    );
  });
});
