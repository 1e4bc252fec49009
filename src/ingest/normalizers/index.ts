import type { AlertSource, Normalizer } from '../alert.js';
import { normalizeAlertmanager } from './alertmanager.js';
import { normalizeDatadog } from './datadog.js';
import { normalizeGeneric } from './generic.js';
import { normalizeGrafana } from './grafana.js';
import { normalizeKubernetes } from './kubernetes.js';
import { normalizePagerDuty } from './pagerduty.js';

export const NORMALIZERS: Readonly<Record<AlertSource, Normalizer>> = {
  alertmanager: normalizeAlertmanager,
  grafana: normalizeGrafana,
  datadog: normalizeDatadog,
  pagerduty: normalizePagerDuty,
  generic: normalizeGeneric,
  kubernetes: normalizeKubernetes,
};
