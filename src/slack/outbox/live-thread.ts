import type { StatusLine } from '../../store/message-records.js';
import { approvalKey } from './message-keys.js';
import type { SyncRun } from './outbox-deps.js';
import type { Place } from './placement.js';
import { type StreamLane, streamPlans } from './plan-stream.js';
import { keepStatusLine } from './status-line.js';

const APPROVAL_PREFIX = approvalKey(0).slice(0, -1);

/**
 * What the thread shows while the crew works, for one sync: the plans streamed right under the card
 * (so the approval message is the thread's second post), and the status line, set as soon as the
 * thread exists and cleared as soon as the approval message is posted, whatever the paced updates
 * after them still wait for.
 */
export function liveThread(
  deps: SyncRun,
  lane: Omit<StreamLane, 'thread'> & {
    statusLine: StatusLine | undefined;
    where: (placement: 'thread') => Place | undefined;
  },
) {
  let line = lane.statusLine;
  let advanced = false;
  const status = async () => {
    const decisionShown = [...lane.records.keys()].some((key) => key.startsWith(APPROVAL_PREFIX));
    const thread = lane.where('thread');
    line = await keepStatusLine(deps, { ...lane, thread, line, decisionShown });
  };
  return {
    status,
    /** Streams once a sync (later calls answer 0): how long until a stream's next append is due. */
    async advance(): Promise<number> {
      if (advanced) return 0;
      advanced = true;
      const streamed = await streamPlans(deps, { ...lane, thread: lane.where('thread') });
      await status();
      return streamed.waitMs;
    },
  };
}
