/**
 * What placing one group of deliveries came to: the deliveries that failed on their own (a stored
 * batch that cannot be read), each with its error. A thrown error fails the whole group.
 */
export type GroupFailures = ReadonlyMap<string, unknown>;

export interface DeliveryGroups {
  /** Resolves once the delivery is placed and its writes are done, with the group it went in. */
  place(batchId: string): Promise<void>;
}

interface Waiting {
  batchId: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Deliveries a worker process holds at once are placed as one group: one placement read and one
 * commit, and one write per incident the group touches, however many deliveries touched it. Groups
 * run one after another, so a process places its deliveries in the order their jobs started,
 * whatever its concurrency; the deliveries that start while a group runs form the next one.
 */
export function createDeliveryGroups(
  placeGroup: (batchIds: string[]) => Promise<GroupFailures>,
): DeliveryGroups {
  let waiting: Waiting[] = [];
  let running = false;

  async function run(): Promise<void> {
    running = true;
    // Jobs started in the same turn of the event loop go in one group.
    await new Promise((resolve) => setImmediate(resolve));
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      try {
        const failures = await placeGroup(group.map((entry) => entry.batchId));
        for (const entry of group) {
          if (failures.has(entry.batchId)) entry.reject(failures.get(entry.batchId));
          else entry.resolve();
        }
      } catch (error) {
        for (const entry of group) entry.reject(error);
      }
    }
    running = false;
  }

  return {
    place(batchId) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ batchId, resolve, reject });
        if (!running) void run();
      });
    },
  };
}
