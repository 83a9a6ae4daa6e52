import type { LineIndex, ParsedYaml, YNode, YScalar } from "../../yaml/index.js";

export interface LineScalars {
  /** Every scalar (keys included) touching a line, for telling comments from `#` inside values. */
  all: YScalar[];
  /** Value scalars (mapping values, sequence items) that start on the line. */
  values: YScalar[];
}

/** The scalars of every document, grouped by line (aliases are not followed). */
export function scalarsByLine(yaml: ParsedYaml, lines: LineIndex): Map<number, LineScalars> {
  const byLine = new Map<number, LineScalars>();
  const at = (line: number): LineScalars => {
    let entry = byLine.get(line);
    if (!entry) byLine.set(line, (entry = { all: [], values: [] }));
    return entry;
  };
  const add = (node: YNode, isValue: boolean): void => {
    if (node.kind !== "scalar" || node.start < 0) return;
    const first = lines.lineOf(node.start);
    const last = lines.lineOf(Math.max(node.end - 1, node.start));
    for (let l = first; l <= last; l++) at(l).all.push(node);
    if (isValue) at(first).values.push(node);
  };
  for (const doc of yaml.docs) {
    const stack: YNode[] = doc.root ? [doc.root] : [];
    while (stack.length > 0) {
      const node = stack.pop() as YNode;
      if (node.kind === "map")
        for (const p of node.pairs) {
          add(p.key, false);
          add(p.value, true);
          stack.push(p.key, p.value);
        }
      else if (node.kind === "seq")
        for (const item of node.items) {
          add(item, true);
          stack.push(item);
        }
      else if (node === doc.root) add(node, true);
    }
  }
  return byLine;
}

/** Index of the `#` that starts a comment (at line start or after whitespace, outside any scalar), or -1. */
export function commentStart(
  line: string,
  scalars: ReadonlyArray<readonly [number, number]>,
): number {
  for (let i = line.indexOf("#"); i !== -1; i = line.indexOf("#", i + 1)) {
    if (i > 0 && !/\s/.test(line[i - 1] ?? "")) continue;
    if (scalars.some(([s, e]) => i >= s && i < e)) continue;
    return i;
  }
  return -1;
}

/** The value written before a comment on a line that could not be parsed: `- key: "v"` -> `v`. */
export function valueText(before: string): string | null {
  let rest = before.trim();
  while (rest.startsWith("- ")) rest = rest.slice(2).trimStart();
  const key = /^(?:"[^"]*"|'[^']*'|[^\s"'][^:]*?):(?:\s+|$)/.exec(rest);
  if (key) rest = rest.slice(key[0].length);
  const quoted = /^(["'])(.*)\1$/.exec(rest);
  if (quoted) rest = quoted[2] ?? "";
  return rest === "" ? null : rest;
}
