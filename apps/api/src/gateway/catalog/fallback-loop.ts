/** The fallback loop through `start`, as a list of model ids, or null. */
export function findFallbackLoop(start: string, fallbacksOf: (id: string) => string[]): string[] | null {
  const path: string[] = [];
  const visiting = new Set<string>();
  const visit = (id: string): string[] | null => {
    if (visiting.has(id)) return id === start ? [...path, id] : null;
    visiting.add(id);
    path.push(id);
    for (const next of fallbacksOf(id)) {
      const loop = visit(next);
      if (loop) return loop;
    }
    path.pop();
    return null;
  };
  return visit(start);
}
