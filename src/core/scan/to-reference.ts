import type { Found, Reference } from "../formats/types.js";
import type { LineIndex } from "../yaml/index.js";

/** A format's finding placed in its file: lines, columns, environments. */
export function toReference(
  found: Found,
  file: string,
  lines: LineIndex,
  environments: string[],
): Reference {
  const { offset, shared, ...rest } = found;
  const ref: Reference = {
    file,
    ...rest,
    line: lines.lineOf(offset),
    column: lines.columnOf(offset),
    environment: environments[0] ?? null,
    environments,
  };
  if (shared)
    ref.shared = shared.map((a) => ({
      anchor: a.anchor,
      line: lines.lineOf(a.offset),
      aliasLines: [...new Set(a.aliasOffsets.map((o) => lines.lineOf(o)))].sort((x, y) => x - y),
    }));
  return ref;
}
