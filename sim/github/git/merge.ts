import { diffArrays } from "diff";
import { isBinary } from "../diff.js";
import type { GitStore } from "./store.js";
import { flattenTree, updateTree, type PathEntry, type TreeChanges } from "./tree-edit.js";

interface Edit {
  start: number;
  end: number;
  lines: string[];
}

function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function edits(base: string[], next: string[]): Edit[] {
  const out: Edit[] = [];
  let at = 0;
  let pending: Edit | undefined;
  for (const part of diffArrays(base, next)) {
    if (!part.added && !part.removed) {
      if (pending) out.push(pending);
      pending = undefined;
      at += part.value.length;
      continue;
    }
    pending ??= { start: at, end: at, lines: [] };
    if (part.removed) {
      at += part.value.length;
      pending.end = at;
    } else pending.lines.push(...part.value);
  }
  if (pending) out.push(pending);
  return out;
}

const same = (a: Edit, b: Edit): boolean =>
  a.start === b.start && a.end === b.end && a.lines.join("") === b.lines.join("");

/** Line-level three-way merge; null when both sides touch the same or adjacent lines differently. */
export function mergeText(base: string, ours: string, theirs: string): string | null {
  const baseLines = splitLines(base);
  const all = [...edits(baseLines, splitLines(ours)), ...edits(baseLines, splitLines(theirs))].sort(
    (a, b) => a.start - b.start || a.end - b.end,
  );
  const merged: Edit[] = [];
  for (const e of all) {
    const last = merged[merged.length - 1];
    if (last && e.start <= last.end) {
      if (same(last, e)) continue;
      return null;
    }
    merged.push(e);
  }
  const out: string[] = [];
  let at = 0;
  for (const e of merged) {
    out.push(...baseLines.slice(at, e.start), ...e.lines);
    at = e.end;
  }
  out.push(...baseLines.slice(at));
  return out.join("");
}

const equal = (a?: PathEntry, b?: PathEntry): boolean => a?.sha === b?.sha && a?.mode === b?.mode;

export type MergeResult = { ok: true; tree: string } | { ok: false; conflicts: string[] };

/** Three-way merge of trees, file by file, then line by line for files both sides changed. */
export function mergeTrees(
  store: GitStore,
  baseTree: string | null,
  ours: string,
  theirs: string,
): MergeResult {
  const b = baseTree ? flattenTree(store, baseTree) : new Map<string, PathEntry>();
  const o = flattenTree(store, ours);
  const t = flattenTree(store, theirs);
  const changes: TreeChanges = new Map();
  const conflicts: string[] = [];
  for (const path of new Set([...o.keys(), ...t.keys(), ...b.keys()])) {
    const [eb, eo, et] = [b.get(path), o.get(path), t.get(path)];
    if (equal(eo, et) || equal(et, eb)) continue;
    if (equal(eo, eb)) {
      changes.set(path, et ?? null);
      continue;
    }
    const texts = [eb, eo, et].map((e) => (e ? store.blob(e.sha) : Buffer.alloc(0)));
    if (!eo || !et || texts.some((x) => !x || isBinary(x))) {
      conflicts.push(path);
      continue;
    }
    const [tb, to, tt] = texts.map((x) => (x as Buffer).toString("utf8")) as [
      string,
      string,
      string,
    ];
    const text = mergeText(tb, to, tt);
    if (text === null) conflicts.push(path);
    else changes.set(path, { mode: eo.mode, sha: store.putBlob(text) });
  }
  if (conflicts.length > 0) return { ok: false, conflicts: conflicts.sort() };
  return { ok: true, tree: changes.size ? updateTree(store, ours, changes) : ours };
}
