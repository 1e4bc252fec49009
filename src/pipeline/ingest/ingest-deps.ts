import type { IngestStore } from '../../store/ingest-store.js';
import type { PlacementStore } from '../../store/placement-store.js';
import type { PipelineContext } from '../context.js';

/** What the ingest worker's handler and its helpers work with. */
export interface IngestDeps {
  ctx: PipelineContext;
  store: IngestStore;
  placement: PlacementStore;
}
