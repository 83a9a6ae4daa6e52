import type { GitStore } from "./store.js";

/** All commits reachable from `start` (inclusive). */
export function ancestors(store: GitStore, start: string): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const sha = queue.pop() as string;
    if (seen.has(sha)) continue;
    seen.add(sha);
    for (const p of store.commit(sha)?.parents ?? []) if (!seen.has(p)) queue.push(p);
  }
  return seen;
}

export function isAncestor(store: GitStore, ancestor: string, descendant: string): boolean {
  return ancestors(store, descendant).has(ancestor);
}

/** The nearest common ancestor, found breadth-first from `b`. */
export function mergeBase(store: GitStore, a: string, b: string): string | undefined {
  const fromA = ancestors(store, a);
  const seen = new Set<string>();
  const queue = [b];
  for (let i = 0; i < queue.length; i++) {
    const sha = queue[i] as string;
    if (fromA.has(sha)) return sha;
    if (seen.has(sha)) continue;
    seen.add(sha);
    queue.push(...(store.commit(sha)?.parents ?? []));
  }
  return undefined;
}

/** Commits reachable from `head` but not from `base`, oldest first (as compare and PR commits list them). */
export function commitsBetween(store: GitStore, base: string | undefined, head: string): string[] {
  const exclude = base ? ancestors(store, base) : new Set<string>();
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (start: string): void => {
    const stack: Array<{ sha: string; expanded: boolean }> = [{ sha: start, expanded: false }];
    while (stack.length > 0) {
      const top = stack.pop() as { sha: string; expanded: boolean };
      if (top.expanded) {
        order.push(top.sha);
        continue;
      }
      if (seen.has(top.sha) || exclude.has(top.sha)) continue;
      seen.add(top.sha);
      stack.push({ sha: top.sha, expanded: true });
      const parents = store.commit(top.sha)?.parents ?? [];
      for (let i = parents.length - 1; i >= 0; i--)
        stack.push({ sha: parents[i] as string, expanded: false });
    }
  };
  visit(head);
  return order;
}
