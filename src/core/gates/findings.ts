import type { Draft, Finding, Severity } from "../review/finding.js";
import { fingerprint } from "../review/fingerprint.js";
import type { GateOutcome, GateResult } from "./types.js";

/** An image line a pull request changes, with the gates evaluated for that image. */
export interface ChangedImage {
  file: string;
  /** 1-based position of the image (or tag) text. */
  line: number;
  column: number;
  /** As written: `ghcr.io/acme/api:1.9.0-rc.1`. */
  image: string;
  /** Environments the file belongs to; empty means every environment the gates were evaluated for. */
  environments: readonly string[];
  gates: Record<string, GateResult[]>;
}

const SEVERITY: Record<Exclude<GateOutcome, "pass">, Severity> = {
  block: "error",
  warn: "warning",
};

/** Rule ids of gate findings, one per gate: `gate-provenance`, `gate-vulnerabilities`, … */
export const gateRule = (gate: string): string => `gate-${gate}`;

/**
 * Review findings for human pull requests that change an image line: one per gate that blocks or
 * warns, naming the environments where it does (environments with the same verdict share one).
 * Findings have the review engine's shape, so they go through the same inline-comment, annotation
 * and fingerprint path as the other rules.
 */
export function gateFindings(changes: readonly ChangedImage[]): Finding[] {
  const out: Finding[] = [];
  const occurrences = new Map<string, number>();
  for (const change of changes) {
    const envs = change.environments.length > 0 ? change.environments : Object.keys(change.gates);
    const groups = new Map<string, { result: GateResult; envs: string[] }>();
    for (const env of envs)
      for (const r of change.gates[env] ?? []) {
        if (r.result === "pass") continue;
        const key = `${r.gate}\0${r.result}\0${r.reason}`;
        const g = groups.get(key);
        if (g) g.envs.push(env);
        else groups.set(key, { result: r, envs: [env] });
      }
    for (const { result, envs: where } of groups.values()) {
      if (result.result === "pass") continue;
      const rule = gateRule(result.gate);
      const content = `${change.image} ${where.join(",")} ${result.result}`;
      const seen = `${rule}\0${change.file}\0${content}`;
      const n = occurrences.get(seen) ?? 0;
      occurrences.set(seen, n + 1);
      out.push({
        file: change.file,
        line: change.line,
        column: change.column,
        rule,
        severity: SEVERITY[result.result],
        message: `${change.image} ${result.result === "block" ? "is blocked" : "has a warning"} in ${where.join(", ")} by the ${result.gate} gate: ${result.reason}`,
        fingerprint: fingerprint(rule, change.file, content),
        ...(n > 0 && { legacyFingerprint: fingerprint(rule, change.file, content, n) }),
      });
    }
  }
  return out;
}

/**
 * Gate findings as drafts for the review engine (modes, exceptions, fingerprints): their
 * fingerprint is the content key, and the one earlier versions gave them is kept to read old markers.
 */
export function gateDrafts(findings: readonly Finding[]): Draft[] {
  return findings.map(({ fingerprint: key, legacyFingerprint, ...f }) => ({
    ...f,
    key,
    ...(legacyFingerprint !== undefined && { legacyKey: legacyFingerprint }),
  }));
}
