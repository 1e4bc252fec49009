/** Realistic view models for snapshots, and generators of hostile ones for the limit properties. */
import type { StageRun } from '../../../src/domain/stage-run.js';
import { STATUSES } from '../../../src/domain/status.js';
import type { PlannedAction } from '../../../src/domain/ticket.js';
import type { ApprovalView } from '../../../src/slack/blocks/approval.js';
import type { CardView } from '../../../src/slack/blocks/card.js';
import type { ProgressView } from '../../../src/slack/blocks/progress.js';
import type { RcaView } from '../../../src/slack/blocks/rca.js';

export const NOW = '2026-03-14T09:42:05.000Z';
export const OPENED = '2026-03-14T09:30:00.000Z';

const restartApi: PlannedAction = {
  id: 'a1',
  kind: 'restart',
  target: 'api',
  description: 'Rolling restart of api to clear the OOMKilled pods',
  risk: 'low',
  blastRadius: 'one instance at a time',
  rollback: 'none needed: instances come back on the same version',
};

const rollbackConfig: PlannedAction = {
  id: 'a2',
  kind: 'rollback_config',
  target: 'api',
  description: 'Roll back DATABASE_URL to revision 41',
  risk: 'medium',
  blastRadius: 'every instance of the service',
  rollback: 're-apply the current config revision',
};

export const card: CardView = {
  id: 'INC-0007',
  sev: 'sev1',
  status: 'Diagnosing',
  system: 'api',
  issue: 'p99 latency over 5 s & 5xx rate at 12% <checkout>',
  openedAt: OPENED,
  now: NOW,
};

function stage(key: string, label: string, rank: number, extra: Partial<StageRun> = {}): StageRun {
  return { key, label, rank, phase: 'diagnosis', state: 'pending', attempt: 1, ...extra };
}

function doneStage(
  key: string,
  label: string,
  rank: number,
  durationMs: number,
  summary: string,
  engine: 'rules' | 'model',
) {
  return stage(key, label, rank, { state: 'done', durationMs, summary, engine });
}

export const diagnosisStages: StageRun[] = [
  doneStage('intake', 'Intake', 0, 42, 'api, sev1, 3 alerts', 'rules'),
  doneStage('triage', 'Triage', 1, 4200, 'compute and storage look relevant', 'model'),
  doneStage('specialist:web', 'Web', 2, 850, '5xx on /checkout', 'model'),
  stage('specialist:storage', 'Storage', 2, {
    state: 'running',
    startedAt: '2026-03-14T09:41:58.000Z',
    engine: 'model',
  }),
  stage('specialist:network', 'Network', 2, {
    state: 'failed',
    durationMs: 30_000,
    error: 'model timed out',
    attempt: 2,
    engine: 'rules',
    fallbackReason: 'Gemini 503',
  }),
  stage('rca', 'Root cause', 3),
  stage('plan', 'Plan', 4, { state: 'skipped' }),
];

export const progress: ProgressView = {
  id: 'INC-0007',
  phase: 'diagnosis',
  stages: diagnosisStages,
  now: NOW,
};

export const rca: RcaView = {
  id: 'INC-0007',
  rootService: 'database',
  fault: 'slow',
  summary: 'Connection pool exhaustion on database slows every caller',
  evidence: ['pool 100/100 in use for 6 m', 'api p99 5.2 s', 'no deploys in the last 2 h'],
  confidence: { score: 82, band: 'medium' },
  explains: ['api', 'web-edge'],
  findings: [
    { specialist: 'storage', summary: 'pool saturated, slow queries on orders' },
    { specialist: 'web', summary: '5xx follow database latency' },
  ],
};

export const approval: ApprovalView = {
  id: 'INC-0007',
  round: 1,
  sev: 'sev2',
  rootCause: 'database connection pool exhausted',
  confidence: {
    score: 72,
    band: 'medium',
    adjustment: { delta: -8, reason: 'humans rejected restarts twice this week' },
  },
  planSummary: 'Runbook restart-api (Restart api) on api: 2 step(s), as asked in Request changes',
  actions: [restartApi, rollbackConfig],
  guard: {
    verdict: 'warn',
    findings: [
      {
        ruleId: 'peak-hours',
        verdict: 'warn',
        reason: 'Checkout peak: restarts cost capacity',
        actionId: 'a1',
      },
    ],
  },
  dryRun: {
    helps: true,
    predicted: [
      { service: 'api', before: '12% 5xx', after: '0.3% 5xx' },
      { service: 'web-edge', before: 'degraded', after: 'healthy' },
    ],
    summary: 'Sandbox run recovers api within 90 s',
  },
  state: { kind: 'pending' },
  approversMention: ['U0ONCALL', 'S0SRE'],
};

const NASTY = ['<', '>', '&', '*', '_', '`', '\n', ' ', '🔥', 'é', '|', 'x', '😀'];

export class Hostile {
  constructor(private readonly random: () => number) {}

  int(max: number): number {
    return Math.floor(this.random() * (max + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Up to `max` units of the characters that break escaping, truncation and surrogates. */
  text(max = 10_000): string {
    const length = this.random() < 0.3 ? max : this.int(max);
    // A random motif repeated: as hostile as fully random text, and cheap to make at 10 kB.
    let motif = '';
    for (let i = 0; i < 1 + this.int(60); i++) motif += this.pick(NASTY);
    return motif.repeat(Math.ceil(length / motif.length)).slice(0, length);
  }

  list<T>(max: number, make: (i: number) => T): T[] {
    return Array.from({ length: this.random() < 0.3 ? max : this.int(max) }, (_, i) => make(i));
  }

  action(i: number): PlannedAction {
    return {
      id: `a${i}`,
      kind: this.pick(['restart', 'scale_up', 'manual', 'failover'] as const),
      target: this.text(300),
      description: this.text(),
      risk: this.pick(['low', 'medium', 'high'] as const),
      blastRadius: this.text(),
      rollback: this.text(),
    };
  }

  stage(i: number): StageRun {
    const key = this.pick(['intake', 'triage', 'specialist:x', 'fix:y', 'verify']);
    return {
      key: `${key}${i}`,
      label: this.text(500),
      phase: 'diagnosis',
      rank: this.int(8),
      state: this.pick(['pending', 'running', 'done', 'failed', 'skipped'] as const),
      startedAt: OPENED,
      durationMs: this.random() < 0.5 ? this.int(10_000_000) : undefined,
      summary: this.text(),
      error: this.text(),
      fallbackReason: this.random() < 0.3 ? this.text() : undefined,
      engine: this.pick(['rules', 'model'] as const),
      attempt: 1 + this.int(3),
    };
  }

  status(): (typeof STATUSES)[number] {
    return this.pick(STATUSES);
  }
}
