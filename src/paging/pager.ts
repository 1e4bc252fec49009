import { type PageEvent, type PageTarget, pagerDutyBody, pageWebhookBody } from '../domain/paging.js';
import { PermanentError, RetryableError } from '../errors.js';

export interface PagerConfig {
  /** PAGERDUTY_ROUTING_KEY and PAGERDUTY_EVENTS_URL; absent: no PagerDuty page. */
  pagerDuty?: { routingKey: string; eventsUrl: string };
  /** PAGE_WEBHOOK_URL; absent: no webhook page. */
  webhookUrl?: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/** Where pages go. The routing key lives only in here: never in a job, a log line or an error. */
export interface Pager {
  readonly targets: readonly PageTarget[];
  /** Throws a RetryableError when trying again can help (network, 429, 5xx), a PermanentError otherwise. */
  send(target: PageTarget, event: PageEvent): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** The pager the config describes, or undefined when neither PagerDuty nor a webhook is set. */
export function createPager(config: PagerConfig): Pager | undefined {
  const targets: PageTarget[] = [];
  if (config.pagerDuty) targets.push('pagerduty');
  if (config.webhookUrl) targets.push('webhook');
  if (targets.length === 0) return undefined;
  const fetchImpl = config.fetchImpl ?? fetch;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const post = async (target: PageTarget, url: string, body: unknown): Promise<void> => {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new RetryableError('internal', `${target} page: unreachable (${cause ?? 'request failed'})`);
    }
    const text = (await response.text()).replace(/\s+/g, ' ').slice(0, 300);
    if (response.ok) return;
    const message = `${target} page: HTTP ${response.status} ${text}`;
    if (response.status === 429 || response.status >= 500) throw new RetryableError('internal', message);
    throw new PermanentError('invalid_input', message);
  };

  return {
    targets,
    async send(target, event) {
      if (target === 'pagerduty' && config.pagerDuty) {
        const url = `${config.pagerDuty.eventsUrl.replace(/\/+$/, '')}/v2/enqueue`;
        return post(target, url, pagerDutyBody(config.pagerDuty.routingKey, event));
      }
      if (target === 'webhook' && config.webhookUrl) {
        return post(target, config.webhookUrl, pageWebhookBody(event));
      }
      throw new PermanentError('invalid_input', `${target} paging is not configured`);
    },
  };
}
