/**
 * Which name an alert's service gets: normalizers know no estate; the ingest stage maps names
 * through the estate's directory. A real catalog service is never renamed to one of the
 * simulation's aliases (`db` is not `database`, `web` is not `web-edge`); without a catalog the
 * simulation's own aliases still apply. Real webhooks, the real ingest worker and Redis.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/domain/catalog/index.js';
import { alertmanagerPayload } from '../../support/alertmanager-payloads.js';
import { testCatalog } from '../../support/catalogs.js';
import { type IngestBed, startIngestBed } from '../../support/ingest-bed.js';
import { waitFor } from '../../support/test-runtime.js';

const TOKEN = 'estate-names-token-0123456789';

const CATALOG = `services:
  - { name: db, tier: 1 }
  - { name: web, tier: 2, aliases: [storefront] }
`;

describe('alert service names through the estate’s directory', () => {
  let bed: IngestBed | undefined;
  afterEach(async () => {
    await bed?.close();
    bed = undefined;
  });
  const rt = () => (bed as IngestBed).rt;

  async function start(catalog?: Catalog) {
    bed = await startIngestBed(TOKEN, { runtime: catalog ? { catalog } : {} });
    const { post: send } = bed;
    const post = async (source: string, body: unknown) => expect((await send(source, body)).status).toBe(202);
    const systems = (count: number) =>
      waitFor(
        async () => {
          const tickets = await rt().ctx.tickets.listRecent(20);
          return tickets.length >= count ? tickets.map((ticket) => ticket.system).sort() : undefined;
        },
        { what: `${count} incidents` },
      );
    return { post, systems };
  }

  async function deliverFour(post: (source: string, body: unknown) => Promise<void>) {
    await post('generic', { system: 'DB', issue: 'disk almost full' });
    await post('generic', { system: 'postgres', issue: 'replication lag' });
    await post(
      'alertmanager',
      alertmanagerPayload([{ service: 'web', alertname: 'HighLatency', startsAt: new Date() }], '{}:{a="1"}'),
    );
    await post(
      'alertmanager',
      alertmanagerPayload(
        [{ service: 'storefront', alertname: 'Errors5xx', startsAt: new Date() }],
        '{}:{a="2"}',
      ),
    );
  }

  it('with a catalog: its names and aliases, never a simulated alias', async () => {
    const { post, systems } = await start(testCatalog(CATALOG));
    await deliverFour(post);
    // storefront is web's alias: its alert joins web's incident.
    expect(await systems(3)).toEqual(['db', 'postgres', 'web']);
    const web = (await rt().ctx.tickets.listRecent(20)).find((ticket) => ticket.system === 'web');
    await waitFor(async () => ((await rt().ingest.tally(web?.id ?? '')).total === 2 ? true : undefined), {
      what: 'both alerts on web',
    });
  });

  it('without one: the simulated estate’s own aliases', async () => {
    const { post, systems } = await start();
    await post('generic', { system: 'DB', issue: 'disk almost full' });
    await post(
      'alertmanager',
      alertmanagerPayload(
        // redis (cache) is not on database's call chain, so the two stay apart.
        [{ service: 'redis', alertname: 'HighLatency', startsAt: new Date() }],
        '{}:{a="1"}',
      ),
    );
    expect(await systems(2)).toEqual(['cache', 'database']);
  });
});
