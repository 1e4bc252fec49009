import type { IngestStore } from '../../store/ingest-store.js';
import type { Redis } from '../../store/redis.js';
import type { PipelineContext } from '../context.js';

/** What the ingest worker's handler and its helpers work with. */
export interface IngestDeps {
  ctx: PipelineContext;
  store: IngestStore;
  redis: Redis;
  leaseKey: string;
}
