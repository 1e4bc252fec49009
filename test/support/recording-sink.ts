import type { AlertBatch, AlertSink } from '../../src/ingest/alert-sink.js';

/** A sink that keeps what it accepts, or fails like a Redis that is down. */
export class RecordingSink implements AlertSink {
  readonly batches: AlertBatch[] = [];
  failing = false;

  async accept(batch: AlertBatch): Promise<void> {
    if (this.failing) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    this.batches.push(batch);
  }

  reset(): void {
    this.batches.length = 0;
    this.failing = false;
  }
}
