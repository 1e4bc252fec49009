import { describe, expect, it } from 'vitest';
import { createExecutor } from '../../../src/executors/create-executor.js';
import { kubernetesExecutorConfigSchema } from '../../../src/executors/executor-config.js';
import { loadKubeConfig } from '../../../src/executors/kubernetes/load-kube-config.js';
import { readWorkload } from '../../../src/kubernetes/workload-reader.js';
import { renderStep } from '../../support/runbook-step.js';

/**
 * Against a real cluster, only when KUBECONFIG is set (no API server can run on the CI machine):
 * WARROOM_TEST_DEPLOYMENT names an existing `namespace/deployment` (default `default/warroom-test`).
 * It writes nothing: a server-side dry run of a restart, of a scale and of an image update, then a check, and the read
 * diagnosis makes of the deployment's pods, events and logs.
 */
const kubeconfigPath = process.env.KUBECONFIG;
const [namespace = 'default', deployment = 'warroom-test'] = (
  process.env.WARROOM_TEST_DEPLOYMENT ?? 'default/warroom-test'
).split('/');

describe.skipIf(kubeconfigPath === undefined)(
  'kubernetes executor against the cluster KUBECONFIG names',
  () => {
    const config = kubernetesExecutorConfigSchema.parse({
      name: 'real-cluster',
      kind: 'kubernetes',
      namespaces: { [namespace]: { deployments: [deployment] } },
    });
    const executor = () =>
      createExecutor(
        config,
        {},
        { allowLocalCommands: false, ...(kubeconfigPath ? { kubeconfigPath } : {}) },
      );
    const step = (operation: string, replicas?: number) =>
      renderStep(
        {
          kind: 'kubernetes',
          operation,
          namespace,
          deployment,
          ...(replicas === undefined ? {} : { replicas }),
        },
        {},
        {},
      );

    it('dry-runs a restart and a scale on the server and reads the status', async () => {
      const checked = await executor().check(step('restart'));
      expect(checked).toMatchObject({ outcome: 'ok', after: { paused: false } });
      const restart = await executor().dryRun(step('restart'));
      expect(restart).toMatchObject({ outcome: 'ok', httpStatus: 200 });
      const replicas = Number(checked.after?.replicas ?? 1);
      expect(await executor().dryRun(step('scale', replicas))).toMatchObject({
        outcome: 'ok',
        httpStatus: 200,
      });
      expect((await executor().check(step('restart'))).after).toMatchObject({
        revision: checked.after?.revision,
      });
    });

    it("dry-runs a rollout's image update on the server (WARROOM_TEST_CONTAINER, WARROOM_TEST_IMAGE), writing nothing", async () => {
      const before = await executor().check(step('restart'));
      const update = renderStep(
        {
          kind: 'kubernetes',
          operation: 'set-image',
          namespace,
          deployment,
          container: process.env.WARROOM_TEST_CONTAINER ?? deployment,
          image: process.env.WARROOM_TEST_IMAGE ?? 'registry.k8s.io/pause:3.9',
        },
        {},
        {},
      );
      expect(await executor().dryRun(update)).toMatchObject({ outcome: 'ok', httpStatus: 200 });
      expect((await executor().check(step('restart'))).after).toMatchObject({
        revision: before.after?.revision,
      });
    });

    it("reads the deployment's pods and events as diagnosis does, with GETs only", async () => {
      const evidence = await readWorkload(
        loadKubeConfig(kubeconfigPath, undefined),
        { service: deployment, executor: 'real-cluster', namespace, deployment },
        AbortSignal.timeout(20_000),
      );
      expect(evidence).toMatchObject({ available: true, namespace, deployment });
      if (!evidence.available) return;
      const replicas = Number((await executor().check(step('restart'))).after?.replicas ?? 0);
      expect(evidence.pods.length).toBeGreaterThanOrEqual(Math.min(replicas, 1));
      for (const pod of evidence.pods) expect(pod.name.startsWith(`${deployment}-`)).toBe(true);
    });
  },
);
