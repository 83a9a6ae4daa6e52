import type { Arg } from "dockerfile-ast";

/** An `ARG NAME=value` default declared before the first FROM (the only ARGs a FROM can use). */
export interface ArgValue {
  /** The default without its quotes. */
  value: string;
  /** Offset of that text in the file. */
  start: number;
}

type Position = { line: number; character: number };

export function argDefaults(
  args: Arg[],
  text: string,
  at: (p: Position) => number,
): Map<string, ArgValue> {
  const out = new Map<string, ArgValue>();
  for (const arg of args) {
    const property = arg.getProperty();
    const range = property?.getValueRange();
    if (!property || !range) continue;
    const start = at(range.start);
    let raw = text.slice(start, at(range.end));
    let offset = start;
    const quote = raw[0];
    if ((quote === '"' || quote === "'") && raw.length >= 2 && raw.endsWith(quote)) {
      raw = raw.slice(1, -1);
      offset += 1;
    }
    if (/[$\\\s"']/.test(raw)) continue;
    out.set(property.getName(), { value: raw, start: offset });
  }
  return out;
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Substitutes `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alt}` from ARG defaults; undefined when one is unknown. */
export function substitute(raw: string, args: Map<string, ArgValue>): string | undefined {
  let unresolved = false;
  const result = raw.replace(
    VARIABLE,
    (
      _m,
      braced: string | undefined,
      op: string | undefined,
      word: string | undefined,
      bare: string | undefined,
    ) => {
      const value = args.get(braced ?? bare ?? "")?.value;
      const set = op?.startsWith(":") ? value !== undefined && value !== "" : value !== undefined;
      if (op?.endsWith("-")) return set ? (value ?? "") : (word ?? "");
      if (op?.endsWith("+")) return set ? (word ?? "") : "";
      if (value === undefined) unresolved = true;
      return value ?? "";
    },
  );
  return unresolved || result.includes("$") ? undefined : result;
}
