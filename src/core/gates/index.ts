/** Supply-chain gates: pure reading of verified attestations and per-environment verdicts. */
export type {
  GateFacts,
  GateName,
  GateOutcome,
  GateResult,
  Provenance,
  Sbom,
  SbomPackage,
  Severity,
  SourceRef,
  VulnerabilityReport,
  AttestationContent,
} from "./types.js";
export { emptyFacts, SEVERITIES } from "./types.js";
export { readStatement } from "./attestation.js";
export {
  attestationFacts,
  attestationTag,
  isAttestationArtifact,
  DSSE_ENVELOPE_MEDIA_TYPE,
} from "./envelope.js";
export type { AttestationTrust } from "./envelope.js";
export { attestationKeyRefs, gateEnvironments, gatesFor } from "./config.js";
export type { EffectiveGates, Tolerance } from "./config.js";
export { describeProvenance, evaluateEnvironment, evaluateGates } from "./evaluate.js";
export type { GateSubject } from "./evaluate.js";
export { harborReport } from "./harbor-scan.js";
export type { RegistryScan } from "./harbor-scan.js";
export { parseLicenseExpression, licenseTerms } from "./license-expression.js";
export type { LicenseExpression } from "./license-expression.js";
export { judgeLicense } from "./license-policy.js";
export type { LicenseFailure, LicensePolicy, LicenseVerdict } from "./license-policy.js";
export { isPrerelease } from "./prerelease.js";
export { parseProvenance, SLSA_V02, SLSA_V1 } from "./provenance.js";
export { parseSbom } from "./sbom.js";
export { parseSourceUri, repositoryUrl } from "./source-uri.js";
export { parseVulnerabilityReport, COSIGN_VULN_TYPES } from "./vulnerabilities.js";
export { gateDrafts, gateFindings, gateRule } from "./findings.js";
export type { ChangedImage } from "./findings.js";
export { renderGateCheckRun, GATE_CHECK_NAME } from "./check-run.js";
export type { GateCheckInput, GateCheckRun } from "./check-run.js";
