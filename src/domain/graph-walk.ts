/** Breadth-first hop counts from `start` (excluded) to every node reachable through `neighbours`. */
export function bfsDistances(
  start: string,
  neighbours: (node: string) => readonly string[],
): Map<string, number> {
  const distances = new Map<string, number>([[start, 0]]);
  const queue = [start];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    const distance = distances.get(current) ?? 0;
    for (const next of neighbours(current)) {
      if (!distances.has(next)) {
        distances.set(next, distance + 1);
        queue.push(next);
      }
    }
  }
  distances.delete(start);
  return distances;
}
