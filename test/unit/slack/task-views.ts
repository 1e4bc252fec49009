import type { TaskApprovalView, TaskDigestView } from '../../../src/slack/blocks/tasks.js';

/** View models of the routine-task builders, shared by the snapshot and interaction tests. */
export const taskApproval: TaskApprovalView = {
  ref: '2026-12-06/nightly-ledger-backup/s1765000000000',
  taskId: 'nightly-ledger-backup',
  title: 'Back up the ledger database',
  service: 'ledger-db',
  schedule: '30 2 * * * Europe/Paris',
  steps: [
    {
      id: 'backup',
      title: 'Run the backup job',
      executor: 'ops-automation',
      action: 'POST https://rundeck.example.com/api/45/job/7a0c9e2b/run',
      risk: 'low',
    },
  ],
  approvers: ['U0DBA'],
  status: 'awaiting-approval',
};

export const taskDigest: TaskDigestView = {
  day: '2026-12-06',
  tasks: [
    {
      taskId: 'check-certs',
      title: 'Check TLS certificates',
      service: 'checkout',
      mode: 'auto',
      counts: { ok: 23, failed: 1 },
      last: { status: 'failed', at: '2026-12-06T09:00:01.000Z', reason: 'step check: exit 3' },
      incidents: ['INC-0042'],
    },
    {
      taskId: 'nightly-ledger-backup',
      title: 'Back up the ledger database',
      service: 'ledger-db',
      mode: 'approve',
      counts: { ok: 1 },
      last: { status: 'ok', at: '2026-12-06T01:30:12.000Z' },
      incidents: [],
    },
  ],
};
