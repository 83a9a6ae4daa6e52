import { get, parseYaml, stringValue, toValue } from "../yaml/index.js";
import type { LineIndex, ParsedYaml, YamlError, YDoc, YMap, YNode } from "../yaml/index.js";
import type { ResourceIdentity } from "./finding.js";

/** A file handed to the engine. `path` is "/"-separated and is what findings report. */
export interface SourceFile {
  path: string;
  text: string;
}

/** One Kubernetes object (a YAML document with `apiVersion` and `kind`) with its source positions. */
export interface K8sObject extends ResourceIdentity {
  file: string;
  apiVersion: string;
  doc: YDoc;
  root: YMap;
  /** The document as plain data, integers as bigint (what CEL sees). */
  value: Record<string, unknown>;
  lines: LineIndex;
  text: string;
}

export interface ParsedManifest {
  file: SourceFile;
  yaml: ParsedYaml;
  objects: K8sObject[];
}

export type ManifestResult =
  | { ok: true; value: ParsedManifest }
  | { ok: false; error: YamlError & { kind: "syntax" | "value" } };

/** Parses a YAML file and picks out the documents that are Kubernetes objects. */
export function parseManifest(file: SourceFile): ManifestResult {
  const parsed = parseYaml(file.text);
  if (!parsed.ok) return { ok: false, error: { ...parsed.error, kind: "syntax" } };
  const objects: K8sObject[] = [];
  for (const doc of parsed.value.docs) {
    const root = doc.root;
    if (root?.kind !== "map") continue;
    const apiVersion = stringValue(get(root, "apiVersion"));
    const kind = stringValue(get(root, "kind"));
    if (!apiVersion || !kind) continue;
    const value = toValue(root, { bigints: true, budget: 200_000 });
    if (!value.ok) {
      const { lines } = parsed.value;
      const at = value.error.node.start;
      return {
        ok: false,
        error: {
          message: value.error.message,
          line: lines.lineOf(at),
          column: lines.columnOf(at),
          kind: "value",
        },
      };
    }
    const data = (value.value ?? {}) as Record<string, unknown>;
    const metadata = record(data.metadata);
    objects.push({
      file: file.path,
      apiVersion,
      kind,
      name: typeof metadata.name === "string" ? metadata.name : "",
      namespace: typeof metadata.namespace === "string" ? metadata.namespace : "",
      labels: stringRecord(metadata.labels),
      annotations: stringRecord(metadata.annotations),
      doc,
      root,
      value: data,
      lines: parsed.value.lines,
      text: file.text,
    });
  }
  return { ok: true, value: { file, yaml: parsed.value, objects } };
}

/** Parses a YAML file into plain values per document (for policies, params and the like). */
export function parseDocuments(
  file: SourceFile,
):
  | { ok: true; docs: Array<{ doc: YDoc; value: unknown }>; yaml: ParsedYaml }
  | { ok: false; error: YamlError } {
  const parsed = parseYaml(file.text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const docs: Array<{ doc: YDoc; value: unknown }> = [];
  for (const doc of parsed.value.docs) {
    const value = toValue(doc.root, { bigints: true, budget: 200_000 });
    if (!value.ok) {
      const at = value.error.node.start;
      return {
        ok: false,
        error: {
          message: value.error.message,
          line: parsed.value.lines.lineOf(at),
          column: parsed.value.lines.columnOf(at),
        },
      };
    }
    if (value.value !== null && value.value !== undefined) docs.push({ doc, value: value.value });
  }
  return { ok: true, docs, yaml: parsed.value };
}

/** 1-based line and column of a node's first character. */
export function positionOf(node: YNode, lines: LineIndex): { line: number; column: number } {
  const offset = node.kind === "scalar" ? node.valueStart : node.start;
  return { line: lines.lineOf(offset), column: lines.columnOf(offset) };
}

/** The 1-based line on which the key of `key` in `map` is written (the value's line for flow maps). */
export function keyPosition(
  map: YMap,
  key: string,
  lines: LineIndex,
): { line: number; column: number } | undefined {
  for (const pair of map.pairs) {
    if (pair.key.kind === "scalar" && pair.key.value === key) return positionOf(pair.key, lines);
  }
  return undefined;
}

export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(value))) if (typeof v === "string") out[k] = v;
  return out;
}

/** `group/version` → group ("" for the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

export function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.indexOf("/") + 1);
}
