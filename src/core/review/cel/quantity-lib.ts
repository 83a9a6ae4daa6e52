import { EvaluationError } from "@marcbachmann/cel-js";
import type { Environment } from "@marcbachmann/cel-js";
import { Quantity, parseQuantity } from "../quantity.js";

const MAX_INT = 2n ** 63n - 1n;
const MIN_INT = -(2n ** 63n);

function quantity(text: string): Quantity {
  const q = parseQuantity(text);
  if (!q.ok) throw new EvaluationError(`quantity("${text}"): ${q.error}`);
  return q.value;
}

const fromInt = (n: bigint): Quantity => Quantity.of(n, 1n, String(n));

/** The Kubernetes quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go). */
export function registerQuantity(env: Environment): void {
  env
    .registerType("Quantity", Quantity)
    .registerFunction("quantity(string): Quantity", quantity)
    .registerFunction("isQuantity(string): bool", (s: string) => parseQuantity(s).ok)
    .registerFunction("Quantity.sign(): int", (q: Quantity) => BigInt(q.sign()))
    .registerFunction(
      "Quantity.isInteger(): bool",
      (q: Quantity) => q.isInteger() && q.num / q.den <= MAX_INT && q.num / q.den >= MIN_INT,
    )
    .registerFunction("Quantity.asInteger(): int", (q: Quantity) => {
      const v = q.num / q.den;
      if (!q.isInteger() || v > MAX_INT || v < MIN_INT)
        throw new EvaluationError(`cannot convert quantity ${q} to an integer`);
      return v;
    })
    .registerFunction("Quantity.asApproximateFloat(): double", (q: Quantity) => q.toNumber())
    .registerFunction("Quantity.add(Quantity): Quantity", (a: Quantity, b: Quantity) => a.add(b))
    .registerFunction("Quantity.add(int): Quantity", (a: Quantity, b: bigint) => a.add(fromInt(b)))
    .registerFunction("Quantity.sub(Quantity): Quantity", (a: Quantity, b: Quantity) =>
      a.add(b.negate()),
    )
    .registerFunction("Quantity.sub(int): Quantity", (a: Quantity, b: bigint) => a.add(fromInt(-b)))
    .registerFunction(
      "Quantity.isGreaterThan(Quantity): bool",
      (a: Quantity, b: Quantity) => a.compareTo(b) > 0,
    )
    .registerFunction(
      "Quantity.isLessThan(Quantity): bool",
      (a: Quantity, b: Quantity) => a.compareTo(b) < 0,
    )
    .registerFunction("Quantity.compareTo(Quantity): int", (a: Quantity, b: Quantity) =>
      BigInt(a.compareTo(b)),
    )
    .registerOperator("Quantity == Quantity", (a: Quantity, b: Quantity) => a.compareTo(b) === 0);
}
