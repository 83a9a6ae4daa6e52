import type { GatesConfig, GatesOverride } from "../config/schema.js";
import type { Severity } from "./types.js";

/** What `missing`, `unknown` and `prerelease` say: fail as the mode says, warn, or let it pass. */
export type Tolerance = "block" | "warn" | "allow";

/** One environment's gates, overrides merged and defaults filled. Absent gates are not checked. */
export interface EffectiveGates {
  mode: "block" | "warn";
  provenance?: { builder: string[] | null; source: string[] | null; missing: Tolerance };
  vulnerabilities?: { limits: Partial<Record<Severity, number>>; missing: Tolerance };
  licenses?: { allow: string[] | null; deny: string[]; missing: Tolerance; unknown: Tolerance };
  prerelease?: Tolerance;
}

const LIMIT_KEYS: readonly Severity[] = ["critical", "high", "medium", "low", "unknown"];

/**
 * The gates that apply in `environment`: the image's gates with that environment's overrides laid
 * over them field by field (lists replace lists). `null` when the image has no gates.
 */
export function gatesFor(
  gates: GatesConfig | undefined,
  environment: string,
): EffectiveGates | null {
  if (!gates) return null;
  const over: GatesOverride = gates.environments?.[environment] ?? {};
  const out: EffectiveGates = { mode: over.mode ?? gates.mode ?? "block" };
  const provenance = merge(gates.provenance, over.provenance);
  if (provenance)
    out.provenance = {
      builder: provenance.builder ?? null,
      source: provenance.source ?? null,
      missing: provenance.missing ?? "block",
    };
  const vulns = merge(gates.vulnerabilities, over.vulnerabilities);
  if (vulns) {
    const limits: Partial<Record<Severity, number>> = {};
    for (const k of LIMIT_KEYS) if (vulns[k] !== undefined) limits[k] = vulns[k];
    out.vulnerabilities = { limits, missing: vulns.missing ?? "block" };
  }
  const licenses = merge(gates.licenses, over.licenses);
  if (licenses)
    out.licenses = {
      allow: licenses.allow ?? null,
      deny: licenses.deny ?? [],
      missing: licenses.missing ?? "warn",
      unknown: licenses.unknown ?? "allow",
    };
  const prerelease = over.prerelease ?? gates.prerelease;
  if (prerelease) out.prerelease = prerelease;
  return out;
}

function merge<T extends object>(
  base: T | undefined,
  over: Partial<T> | undefined,
): T | Partial<T> | undefined {
  if (!base && !over) return undefined;
  const out: Partial<T> = { ...(base ?? {}) };
  for (const [k, v] of Object.entries(over ?? {}))
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Key references (repo paths or PEM text) that sign attestations: `gates.keys`, else `verify.cosign`. */
export function attestationKeyRefs(rule: {
  gates?: GatesConfig | undefined;
  verify?:
    { cosign?: { key?: string | undefined; keys?: string[] | undefined } | undefined } | undefined;
}): { keys: string[]; provenance: string[] | null } {
  const cosign = rule.verify?.cosign;
  const keys = rule.gates?.keys ?? [...(cosign?.key ? [cosign.key] : []), ...(cosign?.keys ?? [])];
  const provenance = rule.gates?.provenance?.key;
  return { keys, provenance: provenance ? [provenance] : null };
}

/** Environments named by the image's gate overrides (besides the repository's own). */
export function gateEnvironments(gates: GatesConfig | undefined): string[] {
  return Object.keys(gates?.environments ?? {});
}
