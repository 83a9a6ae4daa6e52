import { indexLines, parseYaml } from "../../yaml/index.js";
import type { YDoc, YMap, YNode, YScalar } from "../../yaml/index.js";
import { relocateSlot, valueOffsets } from "../scalar.js";
import type { OffsetMap } from "../scalar.js";
import type { Findings, FormatInput, Found } from "../types.js";
import { noFindings } from "../types.js";
import { yamlGuards } from "../../scan/yaml-guards.js";
import { child, items, pathOf, root, scalarOf, stringOf } from "../yaml-walk.js";
import type { Cursor } from "../yaml-walk.js";
import { walkValues } from "./walk.js";

/** Argo CD `source.helm`: `valuesObject` (a tree), `values` (YAML in a string), `parameters` (--set). */
export function argoHelm(input: FormatInput, doc: YDoc, source: Cursor, out: Findings): void {
  const helm = child(source, "helm");
  walkValues(input, doc, child(helm, "valuesObject"), out);
  const values = child(helm, "values");
  const s = scalarOf(values);
  if (values && s && stringOf(values)?.trim()) embedded(input, doc, s, pathOf(values), out);
  parameters(input, doc, child(helm, "parameters"), out);
}

/** `helm.values: |` holds a YAML document: read it, then move every position back to the outer file. */
function embedded(input: FormatInput, doc: YDoc, s: YScalar, path: string, out: Findings): void {
  const parsed = parseYaml(s.value);
  const at = Math.max(s.start, 0);
  const map = valueOffsets(input.text, s);
  const outer = (offset: number): number => (map ? map(offset) : at);
  if (!parsed.ok) {
    const { line, column } = parsed.error;
    out.problems.push({
      offset: outer(indexLines(s.value).startOf(line) + column - 1),
      severity: "error",
      message: `${path} is not valid YAML: ${parsed.error.message}`,
    });
    return;
  }
  // Alias bombs and duplicate keys inside the string, with lines of the outer file.
  const guards = yamlGuards(parsed.value, {
    ...parsed.value.lines,
    lineOf: (offset) => input.lines.lineOf(outer(offset)),
  });
  for (const p of guards.problems)
    out.problems.push({
      ...p,
      offset: p.offset !== undefined ? outer(p.offset) : at,
      message: `${path}: ${p.message}`,
    });
  if (guards.skip) return;
  const inner: FormatInput = {
    path: input.path,
    text: s.value,
    category: "values",
    lines: parsed.value.lines,
    yaml: parsed.value,
  };
  const found = noFindings();
  for (const d of parsed.value.docs) walkValues(inner, d, root(d.root), found);
  for (const ref of found.references)
    out.references.push(relocate(ref, map, at, `${path}|${ref.path ?? ""}`, doc.index));
  for (const t of found.templated) out.templated.push({ ...t, offset: map ? map(t.offset) : at });
  for (const p of found.problems)
    out.problems.push({ ...p, offset: map && p.offset !== undefined ? map(p.offset) : at });
}

function relocate(
  ref: Found,
  map: OffsetMap | undefined,
  fallback: number,
  path: string,
  document: number,
): Found {
  const { tagSlot, digestSlot, shared, ...rest } = ref;
  if (!map)
    return {
      ...rest,
      path,
      document,
      offset: fallback,
      editable: false,
      reason: "the values string is escaped or folded",
    };
  const moved: Found = { ...rest, path, document, offset: map(ref.offset) };
  if (tagSlot) moved.tagSlot = relocateSlot(tagSlot, map);
  if (digestSlot) moved.digestSlot = relocateSlot(digestSlot, map);
  if (shared)
    moved.shared = shared.map((a) => ({
      ...a,
      offset: map(a.offset),
      aliasOffsets: a.aliasOffsets.map(map),
    }));
  return moved;
}

const syntheticKey = (value: string): YScalar => ({
  kind: "scalar",
  value,
  style: "plain",
  valueStart: -1,
  valueEnd: -1,
  start: -1,
  end: -1,
});

/** `parameters: [{name: image.tag, value: "1.2"}]` read as the values tree `{image: {tag: "1.2"}}`. */
function parameters(input: FormatInput, doc: YDoc, list: Cursor | undefined, out: Findings): void {
  if (!list) return;
  const top: YMap = {
    kind: "map",
    pairs: [],
    flow: false,
    start: list.node.start,
    end: list.node.end,
  };
  for (const item of items(list)) {
    const name = stringOf(child(item, "name"));
    const value = child(item, "value");
    if (!name || !value) continue;
    const segments = name.split(".");
    let map = top;
    for (const segment of segments.slice(0, -1)) map = subMap(map, segment, item.node.start);
    map.pairs.push({
      key: syntheticKey(segments[segments.length - 1] ?? name),
      value: value.node as YNode,
    });
  }
  walkValues(input, doc, { node: top, parent: list.parent, step: list.step, anchored: [] }, out);
}

function subMap(map: YMap, key: string, start: number): YMap {
  const existing = map.pairs.find((p) => p.key.kind === "scalar" && p.key.value === key)?.value;
  if (existing?.kind === "map") return existing;
  const created: YMap = { kind: "map", pairs: [], flow: false, start, end: start };
  map.pairs.push({ key: syntheticKey(key), value: created });
  return created;
}
