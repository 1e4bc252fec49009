import { PayloadShapeError } from '../../src/ingest/payload-shape-error.js';

/** Runs a normalizer that must refuse its payload, and returns the error it refused with. */
export function shapeError(run: () => unknown): PayloadShapeError {
  try {
    run();
  } catch (error) {
    if (error instanceof PayloadShapeError) return error;
    throw error;
  }
  throw new Error('expected a PayloadShapeError');
}
