/** Pure functions over a dependency graph: service name → the services it depends on. */
export type DependencyGraph = ReadonlyMap<string, readonly string[]>;

/** Who depends on each service, directly. */
export function dependentsOf(graph: DependencyGraph): Map<string, string[]> {
  const dependents = new Map<string, string[]>([...graph.keys()].map((name) => [name, []]));
  for (const [name, dependencies] of graph) {
    for (const dependency of dependencies) dependents.get(dependency)?.push(name);
  }
  return dependents;
}

/** Everything reachable from `start` (excluded), nearest first. */
export function reachableFrom(start: string, next: (name: string) => readonly string[]): string[] {
  const seen = new Set([start]);
  const order: string[] = [];
  for (let index = -1; index < order.length; index++) {
    const current = index < 0 ? start : (order[index] as string);
    for (const neighbour of next(current)) {
      if (seen.has(neighbour)) continue;
      seen.add(neighbour);
      order.push(neighbour);
    }
  }
  return order;
}

/**
 * Every cycle a depth-first walk meets, each as the path that closes it
 * (`['a', 'b', 'a']`), rotated to start at the service that comes first in the graph, and in that order.
 */
export function findCycles(graph: DependencyGraph): string[][] {
  const position = new Map([...graph.keys()].map((name, index) => [name, index]));
  const finished = new Set<string>();
  const stack: string[] = [];
  const found = new Map<string, string[]>();
  const visit = (name: string): void => {
    stack.push(name);
    for (const dependency of graph.get(name) ?? []) {
      const onStack = stack.indexOf(dependency);
      if (onStack >= 0) {
        const cycle = stack.slice(onStack);
        const first = cycle.reduce(
          (best, candidate, index) =>
            (position.get(candidate) ?? 0) < (position.get(cycle[best] as string) ?? 0) ? index : best,
          0,
        );
        const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
        found.set(rotated.join('\u0000'), [...rotated, rotated[0] as string]);
      } else if (!finished.has(dependency) && graph.has(dependency)) {
        visit(dependency);
      }
    }
    stack.pop();
    finished.add(name);
  };
  for (const name of graph.keys()) if (!finished.has(name)) visit(name);
  const rank = (cycle: string[]) => position.get(cycle[0] as string) ?? 0;
  return [...found.values()].sort((left, right) => rank(left) - rank(right));
}

/** Groups of services linked by dependencies in either direction: what can fail together. */
export function connectedComponents(graph: DependencyGraph): string[][] {
  const dependents = dependentsOf(graph);
  const linked = (name: string) => [...(graph.get(name) ?? []), ...(dependents.get(name) ?? [])];
  const placed = new Set<string>();
  const components: string[][] = [];
  for (const name of graph.keys()) {
    if (placed.has(name)) continue;
    const members = new Set([name, ...reachableFrom(name, linked)]);
    for (const member of members) placed.add(member);
    components.push([...graph.keys()].filter((candidate) => members.has(candidate)));
  }
  return components;
}
