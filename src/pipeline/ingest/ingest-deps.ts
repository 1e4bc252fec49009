import type { IngestStore } from '../../ingest/ingest-store.js';
import type { RedisClient } from '../../store/redis.js';
import type { PipelineContext } from '../context.js';

/** What the ingest worker's handler and its helpers work with. */
export interface IngestDeps {
  ctx: PipelineContext;
  store: IngestStore;
  redis: RedisClient;
  leaseKey: string;
}
