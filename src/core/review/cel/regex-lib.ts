import { EvaluationError } from "@marcbachmann/cel-js";
import type { Environment } from "@marcbachmann/cel-js";

const cache = new Map<string, RegExp>();

/** RE2 syntax is close enough to JavaScript's for the patterns policies use; `(?i)` is translated. */
export function compileRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let source = pattern;
  let flags = "gu";
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1] ?? "") if (f === "i" || f === "m" || f === "s") flags += f;
  }
  try {
    re = new RegExp(source, flags);
  } catch (e) {
    throw new EvaluationError(
      `invalid regular expression ${JSON.stringify(pattern)}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, re);
  return re;
}

function findAll(s: string, pattern: string, limit = -1n): string[] {
  if (limit === 0n) return [];
  const re = compileRegex(pattern);
  const out: string[] = [];
  for (const m of s.matchAll(re)) {
    out.push(m[0]);
    if (limit > 0n && BigInt(out.length) >= limit) break;
  }
  return out;
}

/** The Kubernetes regex library: `find` and `findAll` (k8s.io/apiserver/pkg/cel/library/regex.go). */
export function registerRegex(env: Environment): void {
  env
    .registerFunction(
      "string.find(string): string",
      (s: string, p: string) => findAll(s, p, 1n)[0] ?? "",
    )
    .registerFunction("string.findAll(string): list<string>", (s: string, p: string) =>
      findAll(s, p),
    )
    .registerFunction(
      "string.findAll(string, int): list<string>",
      (s: string, p: string, n: bigint) => findAll(s, p, n),
    );
}
