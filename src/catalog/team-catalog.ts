import { type CatalogFile, type CatalogOutcome, parseCatalog } from '../domain/catalog/index.js';
import { EXECUTOR_CONFIG_SCHEMAS } from '../executors/executor-config.js';

/** The catalog as Warroom loads it: the domain's checks plus each executor kind's own settings schema. */
export function parseTeamCatalog(files: readonly CatalogFile[]): CatalogOutcome {
  return parseCatalog(files, { executorSchemas: EXECUTOR_CONFIG_SCHEMAS });
}
