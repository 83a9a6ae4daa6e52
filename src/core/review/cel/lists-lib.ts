import { EvaluationError, Optional } from "@marcbachmann/cel-js";
import type { Environment } from "@marcbachmann/cel-js";
import { celCompare, celEquals } from "./equality.js";

class SetsNamespace {}
class ListsNamespace {}

function compare(a: unknown, b: unknown): number {
  try {
    return celCompare(a, b);
  } catch (e) {
    throw new EvaluationError(e instanceof Error ? e.message : String(e));
  }
}

function extreme(list: unknown[], sign: 1 | -1, name: string): unknown {
  if (!list.length) throw new EvaluationError(`${name}() called on an empty list`);
  return list.reduce((best, x) => (compare(x, best) * sign > 0 ? x : best));
}

function sum(list: unknown[]): unknown {
  if (!list.length) return 0n;
  return list.reduce((acc: unknown, x) => {
    if (typeof acc === "bigint" && typeof x === "bigint") return acc + x;
    if (typeof acc === "number" && typeof x === "number") return acc + x;
    throw new EvaluationError("sum() needs a list of numbers of one type");
  });
}

function flatten(list: unknown[], depth: bigint): unknown[] {
  if (depth < 0n) throw new EvaluationError("flatten() depth must not be negative");
  return list.flatMap((x) =>
    Array.isArray(x) && depth > 0n ? flatten(x as unknown[], depth - 1n) : [x],
  );
}

const contains = (a: unknown[], b: unknown[]) => b.every((x) => a.some((y) => celEquals(x, y)));

/** Kubernetes list library, cel-go `sets` and `lists` extensions. */
export function registerLists(env: Environment): void {
  env
    .registerFunction("list.isSorted(): bool", (l: unknown[]) =>
      l.every((x, i) => i === 0 || compare(l[i - 1], x) <= 0),
    )
    .registerFunction("list.sum(): dyn", sum)
    .registerFunction("list.min(): dyn", (l: unknown[]) => extreme(l, -1, "min"))
    .registerFunction("list.max(): dyn", (l: unknown[]) => extreme(l, 1, "max"))
    .registerFunction("list.indexOf(dyn): int", (l: unknown[], v: unknown) =>
      BigInt(l.findIndex((x) => celEquals(x, v))),
    )
    .registerFunction("list.lastIndexOf(dyn): int", (l: unknown[], v: unknown) =>
      BigInt(l.findLastIndex((x) => celEquals(x, v))),
    )
    .registerFunction("list.slice(int, int): list", (l: unknown[], a: bigint, b: bigint) => {
      if (a < 0n || b < a || b > BigInt(l.length))
        throw new EvaluationError(`slice(${a}, ${b}) out of range for a list of ${l.length}`);
      return l.slice(Number(a), Number(b));
    })
    .registerFunction("list.flatten(): list", (l: unknown[]) => flatten(l, 1n))
    .registerFunction("list.flatten(int): list", (l: unknown[], d: bigint) => flatten(l, d))
    .registerFunction("list.distinct(): list", (l: unknown[]) =>
      l.filter((x, i) => l.findIndex((y) => celEquals(x, y)) === i),
    )
    .registerFunction("list.reverse(): list", (l: unknown[]) => [...l].reverse())
    .registerFunction("list.sort(): list", (l: unknown[]) => [...l].sort(compare))
    .registerFunction("list.first(): optional<dyn>", (l: unknown[]) => optionalOf(l, 0))
    .registerFunction("list.last(): optional<dyn>", (l: unknown[]) => optionalOf(l, l.length - 1))
    .registerType("SetsNamespace", SetsNamespace)
    .registerConstant("sets", "SetsNamespace", new SetsNamespace())
    .registerFunction(
      "SetsNamespace.contains(list, list): bool",
      (_: unknown, a: unknown[], b: unknown[]) => contains(a, b),
    )
    .registerFunction(
      "SetsNamespace.equivalent(list, list): bool",
      (_: unknown, a: unknown[], b: unknown[]) => contains(a, b) && contains(b, a),
    )
    .registerFunction(
      "SetsNamespace.intersects(list, list): bool",
      (_: unknown, a: unknown[], b: unknown[]) => a.some((x) => b.some((y) => celEquals(x, y))),
    )
    .registerType("ListsNamespace", ListsNamespace)
    .registerConstant("lists", "ListsNamespace", new ListsNamespace())
    .registerFunction("ListsNamespace.range(int): list<int>", (_: unknown, n: bigint) =>
      Array.from({ length: Number(n < 0n ? 0n : n) }, (__, i) => BigInt(i)),
    );
}

function optionalOf(l: unknown[], i: number): Optional<unknown> {
  return i >= 0 && i < l.length ? Optional.of(l[i]) : Optional.none();
}
