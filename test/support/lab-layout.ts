import { type LabLayout, SHOP } from '../../lab/topology.js';

/** A lab layout on fixed ports, for tests of the generated files (nothing listens there). */
export const SAMPLE_LAB_LAYOUT: LabLayout = {
  dir: '/tmp/lab-x',
  labToken: 'lab-token',
  servicePorts: Object.fromEntries(SHOP.map((service, index) => [service.name, 41_000 + index])),
  prometheusPort: 42_001,
  alertmanagerPort: 42_002,
  supervisorPort: 42_003,
  supervisorUser: 'lab',
  supervisorPassword: 'secret',
  webhookUrl: 'http://127.0.0.1:42004/webhooks/alertmanager',
  webhookToken: 'webhook-token',
  nodeBinary: '/usr/bin/node',
  repoRoot: '/repo',
  loadRatePerSecond: 5,
};
