import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { CatalogProblem, DocumentSource, PathSegment } from './problems.js';
import { formatPath } from './problems.js';

export interface YamlDocument {
  /** The document as plain data (null for an empty document). */
  value: unknown;
  source: DocumentSource;
}

export interface ParsedYaml {
  documents: YamlDocument[];
  /** YAML syntax errors; a document with errors is left out of `documents`. */
  problems: CatalogProblem[];
}

/** The offset where the node at `path` starts: the key's own line for a map entry, else the value's. */
function offsetOf(root: Node | null, path: readonly PathSegment[]): number | undefined {
  let node: unknown = root;
  let offset = (root?.range ?? [])[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) return offset;
      offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? offset) : offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!item) return offset;
      node = item;
      offset = (item as Node).range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function sourceOf(file: string, doc: Document, lines: LineCounter, document?: number): DocumentSource {
  return {
    file,
    ...(document === undefined ? {} : { document }),
    locate(path) {
      const offset = offsetOf(doc.contents as Node | null, path);
      return {
        file,
        ...(document === undefined ? {} : { document }),
        path: formatPath(path),
        ...(offset === undefined ? {} : { line: lines.linePos(offset).line }),
      };
    },
  };
}

/**
 * Parses every document of a YAML text, remembering where each node came from. Documents are
 * numbered (from 1) only when the text holds more than one.
 */
export function parseYaml(file: string, text: string): ParsedYaml {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true });
  const numbered = docs.length > 1;
  const parsed: ParsedYaml = { documents: [], problems: [] };
  docs.forEach((doc, index) => {
    const document = numbered ? index + 1 : undefined;
    const problem = (message: string, line?: number) =>
      parsed.problems.push({
        file,
        ...(document === undefined ? {} : { document }),
        path: '',
        ...(line === undefined ? {} : { line }),
        message: `YAML: ${message}`,
      });
    for (const error of doc.errors) {
      const firstLine = error.message.split('\n')[0] ?? '';
      problem(firstLine.replace(/ at line \d+, column \d+:?$/, ''), error.linePos?.[0].line);
    }
    if (doc.errors.length > 0) return;
    try {
      parsed.documents.push({
        value: doc.toJS({ maxAliasCount: 100 }),
        source: sourceOf(file, doc, lines, document),
      });
    } catch (error) {
      // toJS refuses alias bombs by throwing: a problem like any other.
      problem((error as Error).message);
    }
  });
  return parsed;
}
