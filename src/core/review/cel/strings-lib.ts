import { EvaluationError } from "@marcbachmann/cel-js";
import type { Environment } from "@marcbachmann/cel-js";

class StringsNamespace {}

function replace(s: string, from: string, to: string, n = -1n): string {
  if (n === 0n) return s;
  if (n < 0n) return s.split(from).join(to);
  let out = "";
  let rest = s;
  for (let i = 0n; i < n; i++) {
    const at = rest.indexOf(from);
    if (at === -1) break;
    out += rest.slice(0, at) + to;
    rest = rest.slice(at + from.length);
    if (from === "") {
      out += rest.slice(0, 1);
      rest = rest.slice(1);
    }
  }
  return out + rest;
}

function render(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (typeof value === "number") return String(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(render).join(", ")}]`;
  if (value instanceof Map)
    return `{${[...value].map(([k, v]) => `${render(k)}: ${render(v)}`).join(", ")}}`;
  if (typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${render(v)}`)
      .join(", ")}}`;
  return String(value);
}

/** cel-go strings extension `format`: %s %d %f %e %x %X %o %b %%, with an optional precision. */
export function format(template: string, args: unknown[]): string {
  let i = 0;
  return template.replace(
    /%(\.\d+)?([sdfeExXob%])/g,
    (_, precision: string | undefined, verb: string) => {
      if (verb === "%") return "%";
      if (i >= args.length)
        throw new EvaluationError(`format: not enough arguments for ${JSON.stringify(template)}`);
      const arg = args[i++];
      const digits = precision ? Number(precision.slice(1)) : 6;
      const num = (): number => {
        if (typeof arg === "bigint" || typeof arg === "number") return Number(arg);
        throw new EvaluationError(`format: %${verb} needs a number, got ${render(arg)}`);
      };
      const int = (): bigint => {
        if (typeof arg === "bigint") return arg;
        if (typeof arg === "number" && Number.isInteger(arg)) return BigInt(arg);
        throw new EvaluationError(`format: %${verb} needs an integer, got ${render(arg)}`);
      };
      switch (verb) {
        case "s":
          return render(arg);
        case "d":
          return String(int());
        case "f":
          return num().toFixed(digits);
        case "e":
        case "E": {
          const s = num()
            .toExponential(digits)
            .replace(/e([+-])(\d)$/, "e$10$2");
          return verb === "E" ? s.toUpperCase() : s;
        }
        case "x":
        case "X": {
          const s =
            typeof arg === "string"
              ? [...new TextEncoder().encode(arg)]
                  .map((b) => b.toString(16).padStart(2, "0"))
                  .join("")
              : int().toString(16);
          return verb === "X" ? s.toUpperCase() : s;
        }
        case "o":
          return int().toString(8);
        default:
          return int().toString(2);
      }
    },
  );
}

/** The cel-go strings extension functions that cel-js does not have. */
export function registerStrings(env: Environment): void {
  env
    .registerFunction("string.charAt(int): string", (s: string, i: bigint) => {
      if (i < 0n || i > BigInt(s.length)) throw new EvaluationError(`charAt(${i}) out of range`);
      return [...s][Number(i)] ?? "";
    })
    .registerFunction("string.replace(string, string): string", (s: string, a: string, b: string) =>
      replace(s, a, b),
    )
    .registerFunction(
      "string.replace(string, string, int): string",
      (s: string, a: string, b: string, n: bigint) => replace(s, a, b, n),
    )
    .registerFunction("string.reverse(): string", (s: string) => [...s].reverse().join(""))
    .registerFunction("string.format(list): string", (s: string, args: unknown[]) =>
      format(s, args),
    )
    .registerType("StringsNamespace", StringsNamespace)
    .registerConstant("strings", "StringsNamespace", new StringsNamespace())
    .registerFunction("StringsNamespace.quote(string): string", (_: unknown, s: string) =>
      JSON.stringify(s),
    );
}
