import { gatesFor } from "./config.js";
import type { EffectiveGates, Tolerance } from "./config.js";
import { judgeLicense } from "./license-policy.js";
import type { LicenseFailure } from "./license-policy.js";
import { isPrerelease } from "./prerelease.js";
import { matchesAny, matchesSource } from "./patterns.js";
import { SEVERITIES } from "./types.js";
import type {
  GateFacts,
  GateOutcome,
  GateResult,
  Provenance,
  Severity,
  VulnerabilityReport,
} from "./types.js";
import type { GatesConfig } from "../config/schema.js";

export interface GateSubject {
  /** The tag proposed, when there is one (pre-release gate). */
  tag: string | null;
}

/** Every environment's verdicts: the shape the bump planner reads (`ImageEvidence.gates`). */
export function evaluateGates(
  gates: GatesConfig | undefined,
  environments: readonly string[],
  facts: GateFacts,
  subject: GateSubject,
): Record<string, GateResult[]> {
  const out: Record<string, GateResult[]> = {};
  for (const env of environments) {
    const effective = gatesFor(gates, env);
    if (effective) out[env] = evaluateEnvironment(effective, facts, subject);
  }
  return out;
}

/** The configured gates of one environment, in a fixed order, each with a one-line reason. */
export function evaluateEnvironment(
  g: EffectiveGates,
  facts: GateFacts,
  subject: GateSubject,
): GateResult[] {
  const fail: GateOutcome = g.mode === "warn" ? "warn" : "block";
  const tolerate = (t: Tolerance): GateOutcome =>
    t === "allow" ? "pass" : t === "warn" ? "warn" : fail;
  const results: GateResult[] = [];
  if (g.provenance) results.push(provenanceGate(g.provenance, facts, fail, tolerate));
  if (g.vulnerabilities) results.push(vulnerabilityGate(g.vulnerabilities, facts, fail, tolerate));
  if (g.licenses) results.push(licenseGate(g.licenses, facts, fail, tolerate));
  if (g.prerelease && subject.tag !== null) {
    const pre = isPrerelease(subject.tag);
    results.push({
      gate: "prerelease",
      result: pre ? tolerate(g.prerelease) : "pass",
      reason: pre
        ? `${subject.tag} is a pre-release${g.prerelease === "allow" ? " (allowed here)" : ""}`
        : `${subject.tag} is a release`,
    });
  }
  return results;
}

type Fail = GateOutcome;
type Tolerate = (t: Tolerance) => GateOutcome;

function missingReason(what: string, facts: GateFacts, extra: string[] = []): string {
  const why = facts.unavailable ?? [...extra, ...facts.rejected].slice(0, 2).join("; ");
  return why ? `${what} (${why})` : what;
}

function provenanceGate(
  g: NonNullable<EffectiveGates["provenance"]>,
  facts: GateFacts,
  fail: Fail,
  tolerate: Tolerate,
): GateResult {
  if (facts.provenance.length === 0) {
    const allowed = g.missing === "allow";
    return {
      gate: "provenance",
      result: tolerate(g.missing),
      reason: missingReason(
        `no verified SLSA provenance${allowed ? " (allowed here)" : ""}`,
        facts,
      ),
    };
  }
  let first: string | null = null;
  for (const p of facts.provenance) {
    const problem = provenanceProblem(p, g);
    if (problem === null)
      return { gate: "provenance", result: "pass", reason: describeProvenance(p) };
    first ??= problem;
  }
  return { gate: "provenance", result: fail, reason: first ?? "the provenance does not match" };
}

/** Why `p` does not satisfy the provenance gate, or `null` when it does. */
export function provenanceProblem(
  p: Provenance,
  g: NonNullable<EffectiveGates["provenance"]>,
): string | null {
  if (g.builder && !matchesAny(g.builder, p.builderId))
    return `built by ${p.builderId}, not an allowed builder (${g.builder.join(", ")})`;
  if (g.source) {
    if (!p.source) return `the provenance (SLSA ${p.slsa}) names no source repository`;
    if (!matchesSource(g.source, p.source.repository))
      return `built from ${p.source.repository}, not an allowed source (${g.source.join(", ")})`;
  }
  return null;
}

export function describeProvenance(p: Provenance): string {
  const from = p.source
    ? ` from ${p.source.repository}${p.source.revision ? `@${p.source.revision.slice(0, 12)}` : p.source.ref ? `@${p.source.ref}` : ""}`
    : "";
  return `built by ${p.builderId}${from} (SLSA ${p.slsa})`;
}

function vulnerabilityGate(
  g: NonNullable<EffectiveGates["vulnerabilities"]>,
  facts: GateFacts,
  fail: Fail,
  tolerate: Tolerate,
): GateResult {
  const report = combined(facts);
  if (!report) {
    const extra = facts.registryScanProblem ? [facts.registryScanProblem] : [];
    return {
      gate: "vulnerabilities",
      result: tolerate(g.missing),
      reason: missingReason(
        `no vulnerability report${g.missing === "allow" ? " (allowed here)" : ""}`,
        facts,
        extra,
      ),
    };
  }
  const over = SEVERITIES.filter(
    (s) => g.limits[s] !== undefined && report.counts[s] > (g.limits[s] ?? 0),
  );
  const by = report.scanner ? ` (${report.scanner})` : "";
  if (over.length > 0)
    return {
      gate: "vulnerabilities",
      result: fail,
      reason: `${over.map((s) => `${report.counts[s]} ${s} (max ${g.limits[s] ?? 0})`).join(", ")}${by}`,
    };
  return { gate: "vulnerabilities", result: "pass", reason: `${countsText(report.counts)}${by}` };
}

/** Attested reports win over the registry's scan; several attested reports count their worst. */
function combined(facts: GateFacts): VulnerabilityReport | null {
  const reports =
    facts.vulnerabilities.length > 0
      ? facts.vulnerabilities
      : facts.registryScan
        ? [facts.registryScan]
        : [];
  const [first, ...rest] = reports;
  if (!first) return null;
  const counts = { ...first.counts };
  for (const r of rest) for (const s of SEVERITIES) counts[s] = Math.max(counts[s], r.counts[s]);
  const scanner =
    reports
      .map((r) => r.scanner)
      .filter((s): s is string => s !== null)
      .join(", ") || null;
  return { format: first.format, scanner, counts };
}

function countsText(counts: Record<Severity, number>): string {
  const shown = SEVERITIES.filter((s) => counts[s] > 0 || s === "critical" || s === "high");
  return shown.map((s) => `${counts[s]} ${s}`).join(", ");
}

function licenseGate(
  g: NonNullable<EffectiveGates["licenses"]>,
  facts: GateFacts,
  fail: Fail,
  tolerate: Tolerate,
): GateResult {
  if (facts.sboms.length === 0)
    return {
      gate: "licenses",
      result: tolerate(g.missing),
      reason: missingReason(`no SBOM${g.missing === "allow" ? " (allowed here)" : ""}`, facts),
    };
  const policy = { allow: g.allow, deny: g.deny };
  const failures: Array<LicenseFailure & { pkg: string }> = [];
  const unknown: string[] = [];
  let packages = 0;
  const verdicts = new Map<string, ReturnType<typeof judgeLicense>>();
  for (const sbom of facts.sboms)
    for (const p of sbom.packages) {
      packages++;
      const pkg = p.version ? `${p.name} ${p.version}` : p.name;
      if (p.licenses.length === 0) unknown.push(pkg);
      for (const license of p.licenses) {
        let verdict = verdicts.get(license);
        if (!verdict) verdicts.set(license, (verdict = judgeLicense(license, policy)));
        if (!verdict.ok) for (const f of verdict.failures) failures.push({ ...f, pkg });
      }
    }
  const formats = [...new Set(facts.sboms.map((s) => s.version))].join(", ");
  if (failures.length > 0) {
    const denied = failures.filter((f) => f.why === "denied");
    const outside = failures.filter((f) => f.why === "not-allowed");
    const parts = [];
    if (denied.length) parts.push(`denied: ${listed(denied)}`);
    if (outside.length) parts.push(`not allowed: ${listed(outside)}`);
    return { gate: "licenses", result: fail, reason: `${parts.join("; ")} (${formats})` };
  }
  if (unknown.length > 0 && g.unknown !== "allow")
    return {
      gate: "licenses",
      result: tolerate(g.unknown),
      reason: `${unknown.length} package${unknown.length === 1 ? "" : "s"} without license data: ${sample(unknown)} (${formats})`,
    };
  const known = packages - unknown.length;
  return {
    gate: "licenses",
    result: "pass",
    reason: `${known} package${known === 1 ? "" : "s"}, all licenses allowed${unknown.length ? `; ${unknown.length} without license data` : ""} (${formats})`,
  };
}

function listed(failures: Array<{ term: string; pkg: string }>): string {
  return sample(failures.map((f) => `${f.term} (${f.pkg})`));
}

function sample(items: string[]): string {
  const shown = items.slice(0, 3).join(", ");
  return items.length > 3 ? `${shown} and ${items.length - 3} more` : shown;
}
