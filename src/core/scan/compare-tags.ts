import semver from "semver";

const NUMERIC = /^([vV]?)(\d+(?:\.\d+)*)(.*)$/;
const SEMVER = /^[vV]?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/;

/**
 * Orders two tags when they are comparable versions: the same suffix around dotted numbers
 * (`1.19-alpine` < `1.21-alpine`, `2024.01` < `2024.02`), or semver (`1.0.0-rc.1` < `1.0.0`).
 * Undefined when the tags are not comparable (`blue`, `latest`, `sha-3f2a9c1`, other suffixes).
 */
export function compareTags(a: string, b: string): number | undefined {
  const na = NUMERIC.exec(a);
  const nb = NUMERIC.exec(b);
  if (na && nb && na[1]?.toLowerCase() === nb[1]?.toLowerCase() && na[3] === nb[3]) {
    const pa = (na[2] ?? "").split(".").map(BigInt);
    const pb = (nb[2] ?? "").split(".").map(BigInt);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const x = pa[i] ?? 0n;
      const y = pb[i] ?? 0n;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }
  if (SEMVER.test(a) && SEMVER.test(b)) {
    const va = semver.parse(a.replace(/^[vV]/, ""));
    const vb = semver.parse(b.replace(/^[vV]/, ""));
    if (va && vb) return va.compare(vb);
  }
  return undefined;
}
