import type { InTotoStatement } from "../signatures/in-toto.js";
import { isProvenanceType, parseProvenance } from "./provenance.js";
import { parseSbom, SBOM_PREDICATE_TYPES } from "./sbom.js";
import type { AttestationContent } from "./types.js";
import { COSIGN_VULN_TYPES, parseVulnerabilityReport } from "./vulnerabilities.js";

/**
 * What a verified in-toto statement carries. The predicate type names SLSA provenance, cosign's
 * vuln record or an SBOM; reports attached under another type (`cosign attest --type custom`,
 * a SARIF or Grype file as the predicate) are recognized by their content.
 */
export function readStatement(statement: InTotoStatement): AttestationContent {
  const type = statement.predicateType;
  if (isProvenanceType(type)) {
    const p = parseProvenance(type, statement.predicate);
    return p.ok ? { kind: "provenance", provenance: p.value } : { kind: "other", note: p.error };
  }
  const predicate = unwrap(statement.predicate);
  if (COSIGN_VULN_TYPES.includes(type)) {
    const report = parseVulnerabilityReport(predicate);
    return report
      ? { kind: "vulnerabilities", report }
      : {
          kind: "other",
          note: "the vuln attestation's scanner result is not Trivy, Grype or SARIF",
        };
  }
  if (SBOM_PREDICATE_TYPES.some((re) => re.test(type))) {
    const sbom = parseSbom(predicate);
    return sbom
      ? { kind: "sbom", sbom }
      : { kind: "other", note: `the ${type} attestation is not SPDX 2.x or CycloneDX JSON` };
  }
  const report = parseVulnerabilityReport(predicate);
  if (report) return { kind: "vulnerabilities", report };
  const sbom = parseSbom(predicate);
  if (sbom) return { kind: "sbom", sbom };
  return { kind: "other", note: `predicate type ${type} is not used by the gates` };
}

/** cosign's `custom` type wraps the file as `{Data: "<text>", Timestamp}`; some tools embed JSON text. */
function unwrap(predicate: unknown): unknown {
  const text =
    typeof predicate === "string"
      ? predicate
      : typeof predicate === "object" &&
          predicate !== null &&
          typeof (predicate as { Data?: unknown }).Data === "string"
        ? (predicate as { Data: string }).Data
        : null;
  if (text === null) return predicate;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return predicate;
  }
}
