import {
  type Alert,
  Alert as AlertSchema,
  type AlertSource,
  type NormalizeContext,
  receivedNow,
} from './alert.js';
import { clipAlert } from './clip-alert.js';
import { isRecord } from './normalizers/fields.js';
import { NORMALIZERS } from './normalizers/index.js';
import { MAX_REPORTED_ISSUES, type PayloadIssue, PayloadShapeError } from './payload-shape-error.js';

export interface NormalizedDelivery {
  /** Clipped to what a ticket holds and valid against the Alert schema. */
  alerts: Alert[];
  /** How many alerts of the delivery were unusable and dropped. */
  rejected: number;
  /** Why, for the first few of them, with paths into the payload (`alerts.<index>.…`). */
  issues: PayloadIssue[];
}

type AlertList = Record<string, unknown> & { alerts: unknown[] };

function hasAlertList(payload: unknown): payload is AlertList {
  return isRecord(payload) && Array.isArray(payload.alerts);
}

type Outcome = { alert: Alert } | { issues: PayloadIssue[] };

/** `alerts.0.…` of a one-alert payload is `alerts.<index>.…` of the delivery. */
function atIndex(issues: readonly PayloadIssue[], index: number): PayloadIssue[] {
  return issues.map((issue) =>
    issue.path[0] === 'alerts' && issue.path[1] === 0
      ? { ...issue, path: ['alerts', index, ...issue.path.slice(2)] }
      : issue,
  );
}

/** Each alert of a group on its own, in its envelope: a bad one costs only itself. */
function oneByOne(source: AlertSource, payload: AlertList, context: NormalizeContext): Outcome[] {
  const normalize = NORMALIZERS[source];
  // Throws PayloadShapeError when the envelope itself is wrong: then nothing is usable.
  normalize({ ...payload, alerts: [] }, context);
  return payload.alerts.flatMap((alert, index): Outcome[] => {
    try {
      return normalize({ ...payload, alerts: [alert] }, context).map((one) => ({ alert: one }));
    } catch (error) {
      if (!(error instanceof PayloadShapeError)) throw error;
      return [{ issues: atIndex(error.issues, index) }];
    }
  });
}

/**
 * Normalizes a delivery alert by alert: an alert of the wrong shape, or one that would not make a
 * valid Alert, is reported and dropped while its neighbours go on. Throws PayloadShapeError when the
 * envelope is wrong or when no alert of the delivery is usable (the sender then gets a 422).
 */
export function normalizeDelivery(
  source: AlertSource,
  payload: unknown,
  context: NormalizeContext = receivedNow(),
): NormalizedDelivery {
  let outcomes: Outcome[];
  try {
    outcomes = NORMALIZERS[source](payload, context).map((alert) => ({ alert }));
  } catch (error) {
    if (!(error instanceof PayloadShapeError) || !hasAlertList(payload)) throw error;
    outcomes = oneByOne(source, payload, context);
  }
  const listed = hasAlertList(payload);
  const alerts: Alert[] = [];
  const rejectedIssues: PayloadIssue[][] = [];
  outcomes.forEach((outcome, index) => {
    if ('issues' in outcome) {
      rejectedIssues.push(outcome.issues);
      return;
    }
    const checked = AlertSchema.safeParse(clipAlert(outcome.alert));
    if (checked.success) {
      alerts.push(checked.data);
      return;
    }
    const prefix = listed ? ['alerts', index] : [];
    rejectedIssues.push(PayloadShapeError.fromZod(checked.error, prefix).issues);
  });
  const issues = rejectedIssues.flat().slice(0, MAX_REPORTED_ISSUES);
  if (alerts.length === 0 && rejectedIssues.length > 0) throw new PayloadShapeError(issues);
  return { alerts, rejected: rejectedIssues.length, issues };
}
