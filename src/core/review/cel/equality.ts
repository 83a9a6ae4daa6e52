/** CEL equality on plain values: numbers compare by value across int/uint/double, collections deeply. */
export function celEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    (typeof a === "bigint" || typeof a === "number") &&
    (typeof b === "bigint" || typeof b === "number")
  )
    return typeof a === typeof b
      ? a === b
      : Number(a) === Number(b) &&
          (typeof a === "number" ? Number.isInteger(a) : Number.isInteger(b));
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => celEquals(x, b[i]));
  if (a instanceof Map || b instanceof Map) {
    const ea = a instanceof Map ? [...a] : isObject(a) ? Object.entries(a) : null;
    const eb = b instanceof Map ? new Map(b) : isObject(b) ? new Map(Object.entries(b)) : null;
    return (
      !!ea &&
      !!eb &&
      ea.length === eb.size &&
      ea.every(([k, v]) => eb.has(k) && celEquals(v, eb.get(k)))
    );
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length &&
      ka.every((k) => Object.hasOwn(b, k) && celEquals(a[k], b[k]))
    );
  }
  return false;
}

/** Ordering for sort/min/max/isSorted: numbers, strings, booleans (as CEL orders them). */
export function celCompare(a: unknown, b: unknown): number {
  if (
    (typeof a === "bigint" || typeof a === "number") &&
    (typeof b === "bigint" || typeof b === "number")
  ) {
    if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
    return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  throw new TypeError(`no ordering between ${typeof a} and ${typeof b}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return (
    v !== null &&
    typeof v === "object" &&
    !Array.isArray(v) &&
    !(v instanceof Map) &&
    !(v instanceof Uint8Array)
  );
}
