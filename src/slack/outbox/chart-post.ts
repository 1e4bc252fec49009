import type { MessageRecords } from '../../store/message-records.js';
import { POST_PRIORITY } from '../../store/post-slots.js';
import { renderSeriesChart } from '../charts/index.js';
import type { IncidentChart } from './incident-chart.js';
import { MESSAGE_KEYS } from './message-keys.js';
import type { SyncRun } from './outbox-deps.js';
import { untilSlot } from './post-slot-wait.js';
import { uploadChart } from './upload-chart.js';

const CHART_KEY = MESSAGE_KEYS.rcaChart;

/**
 * The root cause's series as a PNG in the thread, once. An upload whose outcome is unknown is not
 * tried again (a file cannot be found by metadata): at worst a chart is missing, never doubled.
 */
export async function postRcaChartOnce(
  deps: SyncRun,
  records: Pick<Awaited<ReturnType<MessageRecords['all']>>, 'records' | 'pending'>,
  target: { incidentId: string; channel: string; threadTs: string; revision: number; chart: IncidentChart },
): Promise<boolean> {
  if (records.records.has(CHART_KEY) || records.pending.has(CHART_KEY)) return false;
  const { incidentId, channel, threadTs, chart } = target;
  await untilSlot(deps, 'post', { incidentId, channel, priority: POST_PRIORITY.deferrable });
  await deps.records.markPending(incidentId, CHART_KEY);
  const png = renderSeriesChart({
    title: `${chart.metric} · ${chart.service}`,
    series: chart.series,
    stepMinutes: 1,
  });
  const { fileId } = await uploadChart(deps.slack, fetch, {
    channel,
    threadTs,
    filename: `${incidentId}-${chart.service}-${chart.metric}.png`,
    title: `${incidentId}: ${chart.metric} on ${chart.service}, last ${chart.windowMinutes} min`,
    png,
    altText: chart.line,
  });
  await deps.records.put(incidentId, CHART_KEY, {
    ts: fileId,
    channel,
    digest: 'file',
    revision: target.revision,
    updatedAtMs: Date.now(),
  });
  return true;
}
