/**
 * One worker process of the ingestion bench (bench/ingest.ts starts it): `ROLE=worker` on the
 * bench's Redis prefix, as `npm start` would run it. Says `ready <its url>` on stdout once /readyz answers
 * 200, and stops on SIGTERM.
 */
import { loadConfig } from '../src/config.js';
import { startWarroom } from '../src/main.js';
import { silent } from './support.js';

const warroom = await startWarroom(loadConfig({ ...process.env, ROLE: 'worker', PORT: '0' }), {
  logger: silent,
});
while ((await fetch(`${warroom.url}/readyz`).catch(() => undefined))?.status !== 200) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
process.stdout.write(`ready ${warroom.url}\n`);
process.on('SIGTERM', () => {
  warroom.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
