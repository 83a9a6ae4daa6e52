/**
 * Supply-chain gates: what an image's verified attestations (and a registry's scan) say, judged
 * per environment. Everything here is data; the app layer fetches and verifies, the core reads and
 * decides.
 */

export type GateName = "provenance" | "vulnerabilities" | "licenses" | "prerelease";

/** `pass`: proposed; `warn`: proposed, shown in the PR body; `block`: not proposed there. */
export type GateOutcome = "pass" | "warn" | "block";

/** One gate's verdict for one environment; `reason` is one line a person can act on. */
export interface GateResult {
  gate: GateName;
  result: GateOutcome;
  reason: string;
}

export type Severity = "critical" | "high" | "medium" | "low" | "unknown";
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low", "unknown"];

/** Where an image was built from, as its provenance says. */
export interface SourceRef {
  /** Normalized: host and path, no scheme, no `.git`: `github.com/acme/api`. */
  repository: string;
  /** The URI as written in the provenance. */
  uri: string;
  /** Commit (git SHA-1 or SHA-256) when the provenance gives one. */
  revision: string | null;
  /** `refs/heads/main`, `refs/tags/v1.2.0`, when given. */
  ref: string | null;
}

/** An SLSA provenance predicate (v0.2 or v1), reduced to what the gates judge. */
export interface Provenance {
  slsa: "v0.2" | "v1";
  builderId: string;
  buildType: string | null;
  source: SourceRef | null;
}

/** A vulnerability report reduced to counts per severity (distinct vulnerability × package). */
export interface VulnerabilityReport {
  format: "trivy" | "grype" | "sarif" | "harbor";
  /** `Trivy v0.56.2`, when the report names its scanner. */
  scanner: string | null;
  counts: Record<Severity, number>;
}

export interface SbomPackage {
  name: string;
  version: string | null;
  /**
   * SPDX license expressions or free-text license names; all of them apply (a CycloneDX component
   * may list several). Empty when the SBOM says nothing (`NOASSERTION`, no `licenses`).
   */
  licenses: string[];
}

export interface Sbom {
  format: "spdx" | "cyclonedx";
  /** `SPDX-2.3`, `CycloneDX 1.5`. */
  version: string;
  packages: SbomPackage[];
}

/** A verified statement's content, recognized. */
export type AttestationContent =
  | { kind: "provenance"; provenance: Provenance }
  | { kind: "vulnerabilities"; report: VulnerabilityReport }
  | { kind: "sbom"; sbom: Sbom }
  | { kind: "other"; note: string };

/** Everything known about one image digest, gathered and verified by the app layer. */
export interface GateFacts {
  provenance: Provenance[];
  /** From verified attestations. */
  vulnerabilities: VulnerabilityReport[];
  /** From the registry's own scan (Harbor `SCANNING_COMPLETED`), used when no attestation has one. */
  registryScan: VulnerabilityReport | null;
  /** Why a registry scan exists but cannot be used (failed or unfinished scan). */
  registryScanProblem?: string;
  sboms: Sbom[];
  /** Attestations found but not trusted or not understood, one short line each. */
  rejected: string[];
  /** Set when attestations could not be read at all (registry error, unreadable key). */
  unavailable?: string;
}

export const emptyFacts = (): GateFacts => ({
  provenance: [],
  vulnerabilities: [],
  registryScan: null,
  sboms: [],
  rejected: [],
});
