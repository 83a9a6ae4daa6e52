import { entryType, type FileMode, type TreeEntry } from "./objects.js";
import type { GitStore } from "./store.js";

export interface PathEntry {
  mode: FileMode;
  sha: string;
}

export interface ListedEntry extends PathEntry {
  path: string;
  type: "blob" | "tree" | "commit";
}

/** Every non-tree entry under a tree, keyed by its full path. */
export function flattenTree(store: GitStore, treeSha: string, prefix = ""): Map<string, PathEntry> {
  const out = new Map<string, PathEntry>();
  const walk = (sha: string, base: string): void => {
    for (const e of store.tree(sha) ?? []) {
      const path = base + e.name;
      if (e.mode === "040000") walk(e.sha, `${path}/`);
      else out.set(path, { mode: e.mode, sha: e.sha });
    }
  };
  walk(treeSha, prefix);
  return out;
}

/** Entries in git's order; with `recursive`, each tree is followed by its contents (as GitHub lists them). */
export function listTree(store: GitStore, treeSha: string, recursive: boolean): ListedEntry[] {
  const out: ListedEntry[] = [];
  const walk = (sha: string, base: string): void => {
    for (const e of store.tree(sha) ?? []) {
      const path = base + e.name;
      out.push({ path, mode: e.mode, sha: e.sha, type: entryType(e.mode) });
      if (recursive && e.mode === "040000") walk(e.sha, `${path}/`);
    }
  };
  walk(treeSha, "");
  return out;
}

export function lookupPath(
  store: GitStore,
  treeSha: string,
  path: string,
): ListedEntry | undefined {
  const parts = path.split("/").filter((p) => p !== "");
  if (parts.length === 0) return { path: "", mode: "040000", sha: treeSha, type: "tree" };
  let current = treeSha;
  for (let i = 0; i < parts.length; i++) {
    const entry = store.tree(current)?.find((e) => e.name === parts[i]);
    if (!entry) return undefined;
    if (i === parts.length - 1) {
      return {
        path: parts.join("/"),
        mode: entry.mode,
        sha: entry.sha,
        type: entryType(entry.mode),
      };
    }
    if (entry.mode !== "040000") return undefined;
    current = entry.sha;
  }
  return undefined;
}

/** A change per path: a new entry, or null to delete the path (and any tree under it). */
export type TreeChanges = Map<string, PathEntry | null>;

/**
 * Applies path changes to a tree, rewriting only the subtrees they touch. Trees left empty
 * disappear, as in git. Returns the new root tree's SHA.
 */
export function updateTree(store: GitStore, baseTree: string | null, changes: TreeChanges): string {
  return applyLevel(
    store,
    baseTree,
    [...changes].map(([path, change]) => ({
      parts: path.split("/").filter((p) => p !== ""),
      change,
    })),
  );
}

interface LevelChange {
  parts: string[];
  change: PathEntry | null;
}

function applyLevel(store: GitStore, treeSha: string | null, changes: LevelChange[]): string {
  const entries = new Map<string, TreeEntry>();
  for (const e of treeSha ? (store.tree(treeSha) ?? []) : []) entries.set(e.name, e);
  const nested = new Map<string, LevelChange[]>();
  for (const c of changes) {
    const [head, ...rest] = c.parts;
    if (head === undefined) continue;
    if (rest.length === 0) {
      if (c.change) entries.set(head, { name: head, mode: c.change.mode, sha: c.change.sha });
      else entries.delete(head);
      continue;
    }
    const list = nested.get(head) ?? [];
    list.push({ parts: rest, change: c.change });
    nested.set(head, list);
  }
  for (const [name, list] of nested) {
    const existing = entries.get(name);
    const base = existing?.mode === "040000" ? existing.sha : null;
    if (!base && list.every((c) => c.change === null)) continue;
    const sub = applyLevel(store, base, list);
    if ((store.tree(sub) ?? []).length === 0) entries.delete(name);
    else entries.set(name, { name, mode: "040000", sha: sub });
  }
  return store.putTree([...entries.values()]);
}
