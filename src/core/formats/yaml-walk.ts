import { deref, entries, scalarType } from "../yaml/index.js";
import type { YAlias, YDoc, YMap, YNode, YScalar, YSeq } from "../yaml/index.js";
import type { Place } from "./image-string.js";
import type { FoundAnchor, ReferenceKind } from "./types.js";

type Concrete = YMap | YSeq | YScalar;

/**
 * A position in a YAML tree reached by a walk: the (dereferenced) node, how it was reached, and every
 * anchored node passed through on the way. An edit below an anchored node changes each alias of it.
 */
export interface Cursor {
  node: Concrete;
  parent: Cursor | undefined;
  /** Key (mapping) or index (sequence) that leads from the parent here. */
  step: string | number;
  anchored: readonly Concrete[];
}

const NONE: readonly Concrete[] = [];

function enter(
  node: YNode,
  parent: Cursor | undefined,
  step: string | number,
  from?: YMap,
): Cursor | undefined {
  const target = node.kind === "alias" ? deref(node) : node;
  if (!target) return undefined;
  let trail = parent?.anchored ?? NONE;
  if (from?.anchor !== undefined && !trail.includes(from)) trail = [...trail, from];
  if (target.anchor !== undefined && !trail.includes(target)) trail = [...trail, target];
  return { node: target, parent, step, anchored: trail };
}

export const root = (node: YNode | null): Cursor | undefined =>
  node ? enter(node, undefined, "") : undefined;

/** The path of a cursor: `spec.template.spec.containers[0].image` (built only when asked for). */
export function pathOf(c: Cursor): string {
  const steps: Array<string | number> = [];
  for (let at: Cursor | undefined = c; at?.parent; at = at.parent) steps.push(at.step);
  let path = "";
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i] as string | number;
    path = typeof step === "number" ? `${path}[${step}]` : path === "" ? step : `${path}.${step}`;
  }
  return path;
}

const isMergeKey = (key: YNode): boolean =>
  key.kind === "scalar" && key.style === "plain" && key.value === "<<";

/** The entries of a mapping (merge keys applied, explicit keys win, last duplicate wins). */
export function pairs(
  c: Cursor | undefined,
): Array<{ key: string; keyNode: YNode; cursor: Cursor }> {
  if (c?.node.kind !== "map") return [];
  const out: Array<{ key: string; keyNode: YNode; cursor: Cursor }> = [];
  for (const e of entries(c.node)) {
    const cursor = enter(e.value, c, e.key, e.merged ? e.from : undefined);
    if (cursor) out.push({ key: e.key, keyNode: e.keyNode, cursor });
  }
  return out;
}

export function child(c: Cursor | undefined, key: string): Cursor | undefined {
  if (c?.node.kind !== "map") return undefined;
  // Fast path: without merge keys, the last pair written with the key is the entry.
  let found: YNode | undefined;
  let merges = false;
  for (const pair of c.node.pairs) {
    const k = pair.key;
    if (k.kind === "scalar" && k.value === key) found = pair.value;
    else if (isMergeKey(k) || k.kind === "alias") merges = true;
  }
  if (!merges) return found ? enter(found, c, key) : undefined;
  const e = entries(c.node).find((x) => x.key === key);
  return e ? enter(e.value, c, key, e.merged ? e.from : undefined) : undefined;
}

export function childIn(c: Cursor | undefined, keys: readonly string[]): Cursor | undefined {
  let current = c;
  for (const key of keys) current = child(current, key);
  return current;
}

export function items(c: Cursor | undefined): Cursor[] {
  if (c?.node.kind !== "seq") return [];
  const out: Cursor[] = [];
  const list = c.node.items;
  for (let i = 0; i < list.length; i++) {
    const cursor = enter(list[i] as YNode, c, i);
    if (cursor) out.push(cursor);
  }
  return out;
}

export const scalarOf = (c: Cursor | undefined): YScalar | undefined =>
  c?.node.kind === "scalar" ? c.node : undefined;

/** YAML 1.1 plain scalars starting with a letter that are not strings: bools and nulls. */
const WORDS_11 =
  /^(?:[yYnN]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

/** Whether a YAML 1.1 loader reads the scalar as a string (a fast path for plain words first). */
export function isString11(s: YScalar): boolean {
  if (s.tag === undefined && s.style === "plain") {
    const c = s.value.charCodeAt(0);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return !WORDS_11.test(s.value);
  }
  return scalarType(s, "1.1") === "string";
}

/** A scalar's value when a YAML 1.1 loader (PyYAML, Kubernetes' go-yaml) reads it as a string. */
export function stringOf(c: Cursor | undefined): string | undefined {
  const s = scalarOf(c);
  return s && isString11(s) ? s.value : undefined;
}

/** A scalar's text unless it is null or empty: tags such as `1.10` are kept as written. */
export function textOf(c: Cursor | undefined): string | undefined {
  const s = scalarOf(c);
  if (!s || s.value === "" || scalarType(s, "1.1") === "null") return undefined;
  return s.value;
}

/** `apiVersion` and `kind` of a document root. */
export function typeOf(c: Cursor | undefined): { apiVersion: string; kind: string } {
  return {
    apiVersion: stringOf(child(c, "apiVersion")) ?? "",
    kind: stringOf(child(c, "kind")) ?? "",
  };
}

const aliasCache = new WeakMap<YDoc, Map<YNode, YAlias[]>>();

function aliasesOf(doc: YDoc): Map<YNode, YAlias[]> {
  const cached = aliasCache.get(doc);
  if (cached) return cached;
  const index = new Map<YNode, YAlias[]>();
  const stack: YNode[] = doc.root ? [doc.root] : [];
  while (stack.length > 0) {
    const node = stack.pop() as YNode;
    if (node.kind === "alias") {
      if (node.target) index.set(node.target, [...(index.get(node.target) ?? []), node]);
    } else if (node.kind === "map") for (const p of node.pairs) stack.push(p.key, p.value);
    else if (node.kind === "seq") for (const item of node.items) stack.push(item);
  }
  aliasCache.set(doc, index);
  return index;
}

/** The anchors on a cursor's way that aliases repeat elsewhere in the document. */
export function sharedAnchors(c: Cursor, doc: YDoc, text: string): FoundAnchor[] | undefined {
  if (c.anchored.length === 0 || doc.aliasCount === 0) return undefined;
  const index = aliasesOf(doc);
  const shared: FoundAnchor[] = [];
  for (const node of c.anchored) {
    const aliases = index.get(node);
    if (!aliases || node.anchor === undefined) continue;
    const at = text.lastIndexOf(`&${node.anchor}`, Math.max(node.start, 0));
    shared.push({
      anchor: node.anchor,
      offset: at === -1 ? Math.max(node.start, 0) : at,
      aliasOffsets: aliases.map((a) => a.start),
    });
  }
  return shared.length > 0 ? shared : undefined;
}

/** Where a reference of `kind` at `c` sits: its path, document and the anchors that repeat it. */
export function placeOf(kind: ReferenceKind, c: Cursor, doc: YDoc, text: string): Place {
  return { kind, path: pathOf(c), document: doc.index, shared: sharedAnchors(c, doc, text) };
}
