import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  actionTemplateSchema,
  createExecutor,
  executorConfigSchema,
  paramSpecsSchema,
  renderAction,
} from '../../../src/executors/index.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Executors'), readme.indexOf('## Operations'));
const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map(
  (match) => parse(match[1] ?? '') as Record<string, unknown>,
);
const executors = (blocks.find((block) => 'executors' in block)?.executors ?? []) as unknown[];
const steps = (blocks.find((block) => 'steps' in block)?.steps ?? []) as Array<{
  executor: string;
  params: unknown;
  action: unknown;
}>;

const sampleValues: Record<string, Record<string, unknown>> = {
  'lab-supervisor': { program: 'api' },
  rundeck: {
    jobId: '3f1c2a7e-1b2c-4d5e-8f90-123456789abc',
    undoJobId: '9a8b7c6d-1b2c-4d5e-8f90-123456789abc',
  },
  'lab-host': { unit: 'api.service' },
  'db-host': { unit: 'pgbouncer' },
  'orders-db': { app: 'checkout-web' },
  'prod-k8s': { deployment: 'payments', replicas: 4 },
  runbook: { db: 'orders' },
};

// A kubernetes executor loads its kubeconfig when built; outside a cluster it needs a file.
const kubeconfigDir = mkdtempSync(join(tmpdir(), 'warroom-readme-'));
const kubeconfigPath = join(kubeconfigDir, 'kubeconfig');
writeFileSync(
  kubeconfigPath,
  'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]\n' +
    'users: [{name: u, user: {token: t}}]\ncontexts: [{name: prod, context: {cluster: c, user: u}}]\ncurrent-context: prod\n',
);
afterAll(() => rmSync(kubeconfigDir, { recursive: true, force: true }));

describe("README's executor examples", () => {
  it('declares one valid executor of each kind', () => {
    const configs = executors.map((entry) => executorConfigSchema.parse(entry));
    expect(configs.map((config) => config.kind).sort()).toEqual([
      'http',
      'kubernetes',
      'local',
      'manual',
      'postgres',
      'ssh',
      'supervisor',
    ]);
  });

  it('has a step per executor that validates and renders', () => {
    expect(steps.map((step) => step.executor).sort()).toEqual(Object.keys(sampleValues).sort());
    for (const step of steps) {
      const entry = executorConfigSchema.parse(
        executors.find((candidate) => (candidate as { name: string }).name === step.executor),
      );
      const executor = createExecutor(
        entry,
        { password: 'example', token: 'example', privateKey: 'example', passphrase: 'example' },
        { allowLocalCommands: false, kubeconfigPath },
      );
      const rendered = renderAction(
        actionTemplateSchema.parse(step.action),
        paramSpecsSchema.parse(step.params),
        sampleValues[step.executor] ?? {},
      );
      if (!rendered.ok) throw new Error(`${step.executor}: ${rendered.reason}`);
      expect(rendered.value.kind).toBe(entry.kind);
      expect(executor.describe(rendered.value)).toMatch(new RegExp(`^${entry.kind} ${entry.name}: `));
    }
  });
});
