import { err, ok } from "../result.js";
import type { Result } from "../result.js";

/**
 * A Kubernetes resource quantity (`500m`, `1.5Gi`, `2e3`) as an exact rational number, so that
 * comparisons never suffer from float rounding. Grammar: k8s.io/apimachinery resource.Quantity.
 */
export class Quantity {
  /** value = num / den, den > 0, reduced. */
  private constructor(
    readonly num: bigint,
    readonly den: bigint,
    /** The text it was parsed from. */
    readonly text: string,
  ) {}

  static of(num: bigint, den: bigint, text: string): Quantity {
    const sign = den < 0n ? -1n : 1n;
    const g = gcd(abs(num), abs(den)) || 1n;
    return new Quantity((sign * num) / g, (sign * den) / g, text);
  }

  compareTo(other: Quantity): -1 | 0 | 1 {
    const l = this.num * other.den;
    const r = other.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  add(other: Quantity): Quantity {
    const q = Quantity.of(this.num * other.den + other.num * this.den, this.den * other.den, "");
    return Quantity.of(q.num, q.den, q.format());
  }

  negate(): Quantity {
    return Quantity.of(
      -this.num,
      this.den,
      this.text.startsWith("-") ? this.text.slice(1) : `-${this.text}`,
    );
  }

  isInteger(): boolean {
    return this.num % this.den === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.num < 0n ? -1 : this.num > 0n ? 1 : 0;
  }

  toNumber(): number {
    return Number(this.num) / Number(this.den);
  }

  /** A plain decimal rendering (`0.5`, `1024`), used when the source text is unknown. */
  format(): string {
    if (this.isInteger()) return String(this.num / this.den);
    for (let digits = 1; digits <= 9; digits++) {
      const scaled = this.num * 10n ** BigInt(digits);
      if (scaled % this.den === 0n) {
        const v = scaled / this.den;
        const s = abs(v)
          .toString()
          .padStart(digits + 1, "0");
        return `${v < 0n ? "-" : ""}${s.slice(0, -digits)}.${s.slice(-digits)}`;
      }
    }
    return String(this.toNumber());
  }

  toString(): string {
    return this.text || this.format();
  }
}

const BINARY: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const PATTERN = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

/** Parses a quantity; the error says why, in the words kubectl uses. */
export function parseQuantity(text: string): Result<Quantity, string> {
  const m = PATTERN.exec(text);
  if (!m)
    return err(
      `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  const [, sign = "", number = "", suffix, exponent] = m;
  const [whole = "", fraction = ""] = number.split(".");
  let num = BigInt(`${whole || "0"}${fraction}`) * (sign === "-" ? -1n : 1n);
  let den = 10n ** BigInt(fraction.length);
  const binary = suffix ? BINARY[suffix] : undefined;
  if (binary !== undefined) num *= binary;
  else {
    const power = exponent !== undefined ? Number(exponent) : (DECIMAL[suffix ?? ""] ?? 0);
    if (Math.abs(power) > 1000) return err("quantity exponent out of range");
    if (power >= 0) num *= 10n ** BigInt(power);
    else den *= 10n ** BigInt(-power);
  }
  return ok(Quantity.of(num, den, text));
}

/** Reads a quantity from a manifest value: strings, and YAML numbers (which the API server accepts). */
export function quantityOf(value: unknown): Quantity | undefined {
  if (typeof value === "string") {
    const q = parseQuantity(value.trim());
    return q.ok ? q.value : undefined;
  }
  if (typeof value === "bigint") return Quantity.of(value, 1n, String(value));
  if (typeof value === "number" && Number.isFinite(value)) {
    const q = parseQuantity(String(value));
    return q.ok ? q.value : undefined;
  }
  return undefined;
}

const abs = (n: bigint): bigint => (n < 0n ? -n : n);

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}
