import { describe, expect, it } from "vitest";
import { normalizeHarbor } from "../../../src/core/events/harbor.js";
import {
  harborReport,
  parseVulnerabilityReport,
  readStatement,
} from "../../../src/core/gates/index.js";
import { corpusJson } from "../events/corpus.js";
import { cosignVuln, grypeReport, sarifReport, statement, trivyReport, vulns } from "./fixtures.js";

const DIGEST = `sha256:${"a".repeat(64)}`;
const list = vulns({ CRITICAL: 1, HIGH: 4, MEDIUM: 2, LOW: 3, UNKNOWN: 1 });
const expected = { critical: 1, high: 4, medium: 2, low: 3, unknown: 1 };

describe("vulnerability reports", () => {
  it("Trivy JSON: counts per severity, a vulnerability listed twice for one package counted once", () => {
    const report = trivyReport([...list, list[0]!]);
    expect(parseVulnerabilityReport(report)).toEqual({
      format: "trivy",
      scanner: "Trivy",
      counts: expected,
    });
    const clean = trivyReport([]);
    (clean.Results as Array<Record<string, unknown>>)[0]!.Vulnerabilities = null;
    expect(parseVulnerabilityReport(clean)?.counts).toEqual({
      critical: 0,
      high: 0,
      medium: 0,
      low: 0,
      unknown: 0,
    });
  });

  it("Grype JSON: Negligible counts as low", () => {
    expect(parseVulnerabilityReport(grypeReport(list))).toEqual({
      format: "grype",
      scanner: "grype 0.86.1",
      counts: { ...expected, low: 4, unknown: 0 },
    });
  });

  it("SARIF 2.1.0: severity from the rule's security-severity score (GitHub's bands)", () => {
    expect(parseVulnerabilityReport(sarifReport(list))).toEqual({
      format: "sarif",
      scanner: "Trivy 0.56.2",
      counts: expected,
    });
  });

  it("SARIF without scores falls back to severity tags, then to the result level", () => {
    const doc = sarifReport(vulns({ HIGH: 2, MEDIUM: 1 })) as {
      runs: Array<{ tool: { driver: { rules: Array<{ properties: Record<string, unknown> }> } } }>;
    };
    for (const r of doc.runs[0]!.tool.driver.rules) delete r.properties["security-severity"];
    expect(parseVulnerabilityReport(doc)?.counts).toMatchObject({ high: 2, medium: 1 });
    for (const r of doc.runs[0]!.tool.driver.rules) r.properties.tags = ["vulnerability"];
    expect(parseVulnerabilityReport(doc)?.counts).toMatchObject({ high: 2, medium: 1 });
  });

  it("cosign's vuln predicate wraps any of them and names the scanner from its purl", () => {
    for (const inner of [trivyReport(list), sarifReport(list)])
      expect(parseVulnerabilityReport(cosignVuln(inner))).toMatchObject({
        scanner: "trivy v0.56.2",
        counts: expected,
      });
    expect(parseVulnerabilityReport(cosignVuln({ arbitrary: true }))).toBeNull();
  });

  it("statements: by predicate type, by content under another type, and cosign's custom wrapper", () => {
    const vuln = readStatement(
      statement(
        DIGEST,
        "https://cosign.sigstore.dev/attestation/vuln/v1",
        cosignVuln(trivyReport(list)),
      ) as never,
    );
    expect(vuln.kind === "vulnerabilities" && vuln.report.counts).toEqual(expected);
    const sarif = readStatement(
      statement(
        DIGEST,
        "https://json.schemastore.org/sarif-2.1.0.json",
        sarifReport(list),
      ) as never,
    );
    expect(sarif.kind).toBe("vulnerabilities");
    const custom = readStatement(
      statement(DIGEST, "https://cosign.sigstore.dev/attestation/v1", {
        Data: JSON.stringify(grypeReport(list)),
        Timestamp: "2026-03-01T10:00:00Z",
      }) as never,
    );
    expect(custom.kind === "vulnerabilities" && custom.report.format).toBe("grype");
    const broken = readStatement(
      statement(DIGEST, "https://cosign.sigstore.dev/attestation/vuln/v1", cosignVuln({})) as never,
    );
    expect(broken).toEqual({
      kind: "other",
      note: "the vuln attestation's scanner result is not Trivy, Grype or SARIF",
    });
  });
});

describe("Harbor SCANNING_COMPLETED", () => {
  const corpus = corpusJson("harbor-scanning-completed");
  const normalized = normalizeHarbor({
    body: corpus,
    headers: {},
    receivedAt: "2026-03-01T10:00:00.000Z",
  });

  it("the corpus payload becomes a report: 2 medium, 1 low by Trivy v0.56.2", () => {
    expect(normalized.kind).toBe("accepted");
    if (normalized.kind !== "accepted") return;
    const scan = normalized.scans[0]!;
    expect(scan.digest).toBe(
      "sha256:0affb11266d6cd8af36aab3face6e115ae495e1634a99b7d546c840f6118270e",
    );
    expect(harborReport(scan.reports)).toEqual({
      ok: true,
      report: {
        format: "harbor",
        scanner: "Trivy v0.56.2 (Harbor)",
        counts: { critical: 0, high: 0, medium: 2, low: 1, unknown: 0 },
      },
    });
  });

  it("a failed or absent scan is a problem, not a clean bill", () => {
    if (normalized.kind !== "accepted") throw new Error("corpus did not normalize");
    const report = normalized.scans[0]!.reports[0]!;
    expect(harborReport([{ ...report, status: "Error" }])).toEqual({
      ok: false,
      problem: "the Harbor scan did not succeed (status Error)",
    });
    expect(harborReport([])).toEqual({
      ok: false,
      problem: "the Harbor scan has no vulnerability report",
    });
  });
});
