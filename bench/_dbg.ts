import { measureStorm } from './time-to-approval.js';

measureStorm().then(
  (t) => {
    const by = new Map<string, string[]>();
    for (const x of t.sort((a, b) => a.cardMs - b.cardMs))
      by.set(x.channel, [
        ...(by.get(x.channel) ?? []),
        `${x.incidentId} card ${(x.cardMs / 1000).toFixed(2)} appr ${(x.approvalMs / 1000).toFixed(2)}`,
      ]);
    for (const [c, l] of by) console.log(c, l.join(' | '));
    process.exit(0);
  },
  (e) => {
    console.error(String(e));
    process.exit(1);
  },
);
