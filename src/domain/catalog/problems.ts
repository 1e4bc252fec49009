/** Where something sits in a catalog file, precise enough to open the file at the right line. */
export interface SourceLocation {
  file: string;
  /** 1-based document number, for multi-document (Backstage) files only. */
  document?: number;
  /** YAML path such as `services[2].dependsOn[0]`; empty for the file itself. */
  path: string;
  /** 1-based line, when the YAML node exists. */
  line?: number;
}

export interface CatalogProblem extends SourceLocation {
  message: string;
}

export type PathSegment = string | number;

/** `['services', 2, 'dependsOn', 0]` → `services[2].dependsOn[0]`; keys that are not identifiers are quoted. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** `catalog.yaml:3 services[0].name`, also to point from one problem at another place. */
export function describeLocation(location: SourceLocation): string {
  const line = location.line === undefined ? '' : `:${location.line}`;
  const document = location.document === undefined ? '' : ` (document ${location.document})`;
  return `${location.file}${line}${document} ${location.path}`.trimEnd();
}

/** `catalog.yaml:12 services[2].dependsOn[0]: unknown dependency "ledger"` */
export function formatProblem(problem: CatalogProblem): string {
  return `${describeLocation(problem)}: ${problem.message}`;
}

/** Locates paths inside one YAML document. */
export interface DocumentSource {
  file: string;
  document?: number;
  locate(path: readonly PathSegment[]): SourceLocation;
}

export function problemAt(
  source: DocumentSource,
  path: readonly PathSegment[],
  message: string,
): CatalogProblem {
  return { ...source.locate(path), message };
}
