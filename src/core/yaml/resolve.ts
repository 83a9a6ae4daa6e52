import { CORE_SCHEMA, YAML11_SCHEMA } from "js-yaml";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import type { YMap, YNode, YScalar } from "./tree.js";

/** Follows an alias to its anchored node. */
export function deref(node: YNode): Exclude<YNode, { kind: "alias" }> | undefined {
  return node.kind === "alias" ? (node.target ? deref(node.target) : undefined) : node;
}

export interface MapEntry {
  key: string;
  keyNode: YNode;
  value: YNode;
  /** True when the entry comes from a `<<` merge rather than being written in this mapping. */
  merged: boolean;
  /** The mapping the pair is written in (the merge source for merged entries). */
  from: YMap;
}

const entriesCache = new WeakMap<YMap, MapEntry[]>();

/**
 * The entries of a mapping as a YAML 1.1 loader sees them: `<<` merges applied (explicit keys win,
 * earlier merge sources win over later ones), duplicate keys resolved to the last occurrence.
 */
export function entries(map: YMap, depth = 0): MapEntry[] {
  // Trees are never mutated, so each mapping is resolved once: merge chains of aliases
  // (`<<: [*a, *a, …]` nested ten deep) stay linear instead of exponential.
  const cached = entriesCache.get(map);
  if (cached) return cached;
  const explicit = new Map<string, MapEntry>();
  const merged = new Map<string, MapEntry>();
  for (const { key, value } of map.pairs) {
    const k = deref(key);
    if (k?.kind !== "scalar") continue;
    if (k.value === "<<" && k.style === "plain" && depth < 32) {
      const target = deref(value);
      const sources = target?.kind === "seq" ? target.items : [value];
      for (const source of sources) {
        const m = deref(source);
        if (m?.kind !== "map") continue;
        for (const entry of entries(m, depth + 1))
          if (!merged.has(entry.key)) merged.set(entry.key, { ...entry, merged: true });
      }
      continue;
    }
    explicit.set(k.value, { key: k.value, keyNode: key, value, merged: false, from: map });
  }
  for (const [key, entry] of merged) if (!explicit.has(key)) explicit.set(key, entry);
  const result = [...explicit.values()];
  entriesCache.set(map, result);
  return result;
}

/** The value node of `key` in a mapping (merges applied), dereferenced. */
export function get(node: YNode | null | undefined, key: string): YNode | undefined {
  const map = node ? deref(node) : undefined;
  if (map?.kind !== "map") return undefined;
  const entry = entries(map).find((e) => e.key === key);
  return entry ? deref(entry.value) : undefined;
}

/** Walks a path of keys and sequence indexes. */
export function getIn(
  node: YNode | null | undefined,
  path: ReadonlyArray<string | number>,
): YNode | undefined {
  let current: YNode | undefined = node ?? undefined;
  for (const step of path) {
    if (!current) return undefined;
    if (typeof step === "number") {
      const seq = deref(current);
      current = seq?.kind === "seq" ? seq.items[step] : undefined;
      current = current ? deref(current) : undefined;
    } else current = get(current, step);
  }
  return current;
}

/** A scalar's string value, when the node is a scalar that a YAML loader would read as a string. */
export function stringValue(node: YNode | null | undefined): string | undefined {
  const s = node ? deref(node) : undefined;
  if (s?.kind !== "scalar") return undefined;
  return scalarType(s) === "string" ? s.value : undefined;
}

export type ScalarType = "null" | "bool" | "int" | "float" | "string" | "other";

/** The type a YAML 1.2 core-schema loader gives a scalar (quoted and block scalars are strings). */
export function scalarType(node: YScalar, schema: "1.2" | "1.1" = "1.2"): ScalarType {
  if (node.tag !== undefined) {
    const t = node.tag.replace(/^!!|^tag:yaml\.org,2002:/, "");
    if (t === "str") return "string";
    if (t === "int" || t === "float" || t === "null" || t === "bool") return t;
    return "other";
  }
  if (node.style !== "plain") return "string";
  return plainType(node.value, schema);
}

/** The type a loader gives `text` written as a plain scalar. */
export function plainType(text: string, schema: "1.2" | "1.1" = "1.2"): ScalarType {
  const { tag } = (schema === "1.2" ? CORE_SCHEMA : YAML11_SCHEMA).resolveImplicitScalarTag(text);
  const name = tag.tagName.replace(/^tag:yaml\.org,2002:/, "");
  if (name === "str") return "string";
  if (name === "int" || name === "float" || name === "null" || name === "bool") return name;
  return "other";
}

export interface ValueError {
  message: string;
  node: YNode;
}

/**
 * Converts a node to a plain JS value (integers as `bigint` when `bigints` is set, for CEL).
 * Aliases are expanded under a budget of visited nodes so that an alias bomb is an error,
 * not an out-of-memory crash.
 */
export function toValue(
  node: YNode | null,
  options: { budget?: number; bigints?: boolean } = {},
): Result<unknown, ValueError> {
  let budget = options.budget ?? 1_000_000;
  const visit = (n: YNode): unknown => {
    if (--budget < 0) throw new BudgetExceeded(n);
    const d = deref(n);
    if (!d) return null;
    if (d.kind === "seq") return d.items.map(visit);
    if (d.kind === "map") {
      const out: Record<string, unknown> = {};
      for (const e of entries(d)) {
        Object.defineProperty(out, e.key, {
          value: visit(e.value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return scalarValue(d, options.bigints ?? false);
  };
  try {
    return ok(node ? visit(node) : null);
  } catch (e) {
    if (e instanceof BudgetExceeded)
      return err({ message: "document expands to too many nodes (alias bomb?)", node: e.node });
    throw e;
  }
}

class BudgetExceeded extends Error {
  constructor(readonly node: YNode) {
    super("budget exceeded");
  }
}

function scalarValue(node: YScalar, bigints: boolean): unknown {
  const type = scalarType(node);
  if (type === "string" || type === "other") return node.value;
  if (type === "null") return null;
  const { value } = CORE_SCHEMA.resolveImplicitScalarTag(node.value);
  if (type === "int" && bigints) {
    try {
      return BigInt(node.value.replace(/_/g, ""));
    } catch {
      return typeof value === "number" ? BigInt(Math.trunc(value)) : value;
    }
  }
  return value;
}
