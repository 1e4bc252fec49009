#!/usr/bin/env node
/**
 * Fails on import cycles in src/. The import graph is the one TypeScript itself resolves: tsc's
 * `--traceResolution` (without type checking) names every module it resolves and from which file,
 * type-only imports included, since a cycle through a type still ties two files together.
 * Usage: node scripts/check-cycles.mjs [tsconfig] (default: this repository's tsconfig.build.json);
 * the graph covers src/ beside that tsconfig.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const project = resolve(process.argv[2] ?? join(repo, 'tsconfig.build.json'));
const root = dirname(project);
const tsc = join(repo, 'node_modules', '.bin', 'tsc');
/** tsc's resolution trace; when tsc cannot even parse the sources, its errors alone, not the trace. */
function resolutionTrace() {
  try {
    return execFileSync(tsc, ['--noEmit', '--noCheck', '--traceResolution', '-p', project], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const output = `${error.stdout ?? ''}\n${error.stderr ?? ''}`;
    const errors = output.split('\n').filter((line) => / error TS\d+:/.test(line));
    process.stderr.write(
      `check-cycles: tsc could not read the sources:\n${(errors.length > 0 ? errors : [error.message]).join('\n')}\n`,
    );
    process.exit(1);
  }
}
const trace = resolutionTrace();

const RESOLVING = /^======== Resolving module '(.+)' from '(.+)'\. ========$/;
const RESOLVED = /^======== Module name '(.+)' was successfully resolved to '(.+?)'/;
const ours = (file) => !file.includes('/node_modules/') && relative(root, file).startsWith('src/');

/** file → the project files it imports. */
const graph = new Map();
let pending;
for (const line of trace.split('\n')) {
  const resolving = RESOLVING.exec(line);
  if (resolving) {
    pending = { specifier: resolving[1], from: resolving[2] };
    continue;
  }
  const resolved = RESOLVED.exec(line);
  if (!resolved || !pending || resolved[1] !== pending.specifier) continue;
  const [from, to] = [pending.from, resolved[2]];
  pending = undefined;
  if (!ours(from) || !ours(to)) continue;
  if (!graph.has(from)) graph.set(from, new Set());
  graph.get(from).add(to);
}
if (graph.size === 0) {
  console.error('check-cycles: tsc resolved no module of src/; is the project path right?');
  process.exit(2);
}

/** Tarjan's strongly connected components: each with two files or more is a cycle (or several). */
function cycles() {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let next = 0;
  const visit = (file) => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const to of graph.get(file) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file), low.get(to)));
      } else if (onStack.has(to)) low.set(file, Math.min(low.get(file), index.get(to)));
    }
    if (low.get(file) !== index.get(file)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.has(file)) found.push(component);
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

/** One concrete loop through a component, for the message: follow edges inside it back to the start. */
function loopThrough(component) {
  const members = new Set(component);
  const start = [...component].sort()[0];
  const path = [start];
  const seen = new Set([start]);
  const walk = (file) => {
    for (const to of graph.get(file) ?? []) {
      if (to === start) return true;
      if (!members.has(to) || seen.has(to)) continue;
      seen.add(to);
      path.push(to);
      if (walk(to)) return true;
      path.pop();
    }
    return false;
  };
  walk(start);
  return [...path, start].map((file) => relative(root, file));
}

const found = cycles();
const edges = [...graph.values()].reduce((sum, set) => sum + set.size, 0);
const files = new Set([...graph.keys(), ...[...graph.values()].flatMap((set) => [...set])]).size;
if (found.length === 0) {
  console.log(`check-cycles: no import cycle among ${files} files of src/ (${edges} imports)`);
  process.exit(0);
}
console.error(`check-cycles: ${found.length} import cycle(s) among ${files} files of src/:`);
for (const component of found) {
  console.error(`- ${loopThrough(component).join(' → ')}`);
  if (component.length > 2) console.error(`  (${component.length} files tied together)`);
}
process.exit(1);
