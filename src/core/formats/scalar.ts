import type { YScalar } from "../yaml/index.js";
import type { Slot } from "./types.js";

/** Maps an index in a scalar's decoded value to an offset in the text. */
export type OffsetMap = (index: number) => number;

/**
 * How a scalar's decoded value sits in the text, when each character of it is written literally:
 * plain and quoted scalars without escapes or folding, and literal block scalars (`|`), whose lines
 * are the text's lines minus their indentation. Otherwise undefined: such a value is not editable.
 */
export function valueOffsets(text: string, s: YScalar): OffsetMap | undefined {
  if (s.valueStart < 0) return undefined;
  const raw = text.slice(s.valueStart, s.valueEnd);
  if (raw === s.value) return (i) => s.valueStart + i;
  if (s.style !== "literal") return undefined;
  return literalOffsets(raw, s.value, s.valueStart);
}

function literalOffsets(raw: string, value: string, base: number): OffsetMap | undefined {
  const rawLines = raw.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  const valueLines = value.split("\n");
  const first = valueLines.findIndex((l) => l !== "");
  if (first === -1) return undefined;
  const indent = (rawLines[first] ?? "").length - (valueLines[first] ?? "").length;
  if (indent < 0) return undefined;
  const rawStarts: number[] = [];
  let pos = 0;
  for (const line of raw.split("\n")) {
    rawStarts.push(pos);
    pos += line.length + 1;
  }
  for (let k = 0; k < valueLines.length; k++) {
    const v = valueLines[k] ?? "";
    if (v !== "" && (rawLines[k] ?? "").slice(indent) !== v) return undefined;
  }
  const valueStarts: number[] = [];
  pos = 0;
  for (const line of valueLines) {
    valueStarts.push(pos);
    pos += line.length + 1;
  }
  return (i) => {
    let k = valueStarts.length - 1;
    while (k > 0 && (valueStarts[k] ?? 0) > i) k--;
    return base + (rawStarts[k] ?? 0) + indent + (i - (valueStarts[k] ?? 0));
  };
}

/** A slot over [from, to) of a scalar's value, or an insertion point when from === to. */
export function scalarSlot(
  s: YScalar,
  map: OffsetMap,
  from: number,
  to: number,
  extra: { before?: string; format?: "hex" } = {},
): Slot {
  const start = map(from);
  const slot: Slot = {
    start,
    end: start + (to - from),
    current: s.value.slice(from, to),
    before: extra.before ?? "",
    after: "",
    yaml:
      s.style === "plain" && s.tag === undefined
        ? { type: "scalar", scalarStart: s.start, scalarEnd: s.end }
        : { type: "none" },
  };
  if (extra.format) slot.format = extra.format;
  return slot;
}

/** A slot over the whole value of a scalar, or undefined when it is not written literally. */
export function wholeScalarSlot(
  text: string,
  s: YScalar | undefined,
  format?: "hex",
): Slot | undefined {
  const map = s && valueOffsets(text, s);
  return s && map ? scalarSlot(s, map, 0, s.value.length, format ? { format } : {}) : undefined;
}

/** Moves a slot found in an embedded text (a YAML document inside a block scalar) to the outer text. */
export function relocateSlot(slot: Slot, map: OffsetMap): Slot {
  const start = map(slot.start);
  const moved: Slot = { ...slot, start, end: start + (slot.end - slot.start) };
  if (slot.yaml.type === "scalar") {
    const scalarStart = map(slot.yaml.scalarStart);
    moved.yaml = {
      type: "scalar",
      scalarStart,
      scalarEnd: scalarStart + (slot.yaml.scalarEnd - slot.yaml.scalarStart),
    };
  }
  return moved;
}
