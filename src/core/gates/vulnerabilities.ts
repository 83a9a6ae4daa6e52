import { z } from "zod";
import type { Severity, VulnerabilityReport } from "./types.js";

/** cosign's vulnerability scan record (specs/COSIGN_VULN_ATTESTATION_SPEC.md in sigstore/cosign). */
export const COSIGN_VULN_TYPES: readonly string[] = [
  "https://cosign.sigstore.dev/attestation/vuln/v1",
  "cosign.sigstore.dev/attestation/vuln/v1",
];

const trivy = z.looseObject({
  SchemaVersion: z.number(),
  Results: z
    .array(
      z.looseObject({
        Vulnerabilities: z
          .array(
            z.looseObject({
              VulnerabilityID: z.string(),
              PkgName: z.string().optional(),
              InstalledVersion: z.string().optional(),
              PkgPath: z.string().optional(),
              Severity: z.string().optional(),
            }),
          )
          .nullish(),
      }),
    )
    .nullish(),
  Trivy: z.looseObject({ Version: z.string().optional() }).optional(),
});

const grype = z.looseObject({
  matches: z.array(
    z.looseObject({
      vulnerability: z.looseObject({ id: z.string(), severity: z.string().optional() }),
      artifact: z
        .looseObject({ name: z.string().optional(), version: z.string().optional() })
        .optional(),
    }),
  ),
  descriptor: z
    .looseObject({ name: z.string().optional(), version: z.string().optional() })
    .optional(),
});

const sarifProps = z.looseObject({
  "security-severity": z.union([z.string(), z.number()]).optional(),
  tags: z.array(z.string()).optional(),
});
const sarif = z.looseObject({
  version: z.literal("2.1.0"),
  runs: z.array(
    z.looseObject({
      tool: z.looseObject({
        driver: z.looseObject({
          name: z.string(),
          version: z.string().optional(),
          semanticVersion: z.string().optional(),
          rules: z
            .array(z.looseObject({ id: z.string(), properties: sarifProps.optional() }))
            .optional(),
        }),
      }),
      results: z
        .array(
          z.looseObject({
            ruleId: z.string().optional(),
            ruleIndex: z.number().optional(),
            level: z.string().optional(),
            message: z.looseObject({ text: z.string().optional() }).optional(),
            properties: sarifProps.optional(),
            locations: z.array(z.unknown()).optional(),
          }),
        )
        .optional(),
    }),
  ),
});

const vulnPredicate = z.looseObject({
  scanner: z
    .looseObject({
      uri: z.string().optional(),
      version: z.string().optional(),
      result: z.unknown(),
    })
    .optional(),
  scanners: z
    .array(
      z.looseObject({
        uri: z.string().optional(),
        version: z.string().optional(),
        result: z.unknown(),
      }),
    )
    .optional(),
});

const zero = (): Record<Severity, number> => ({
  critical: 0,
  high: 0,
  medium: 0,
  low: 0,
  unknown: 0,
});

/** A scanner's severity word (Trivy `CRITICAL`, Grype `Negligible`, Harbor `High`) as ours. */
export function severityOf(word: string | undefined | null): Severity {
  switch ((word ?? "").toLowerCase()) {
    case "critical":
      return "critical";
    case "high":
      return "high";
    case "medium":
    case "moderate":
      return "medium";
    case "low":
    case "negligible":
      return "low";
    default:
      return "unknown";
  }
}

/** CVSS score bands, as GitHub code scanning reads SARIF `security-severity`. */
function severityOfScore(score: number): Severity {
  if (!Number.isFinite(score) || score <= 0) return "unknown";
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  return "low";
}

function tally(entries: Iterable<[string, Severity]>): Record<Severity, number> {
  const seen = new Set<string>();
  const counts = zero();
  for (const [key, severity] of entries) {
    if (seen.has(key)) continue;
    seen.add(key);
    counts[severity]++;
  }
  return counts;
}

/**
 * Reads a vulnerability report of any supported shape: Trivy JSON, Grype JSON, SARIF 2.1.0, or
 * cosign's vuln predicate wrapping one of them. `null` when the content is none of these.
 */
export function parseVulnerabilityReport(content: unknown): VulnerabilityReport | null {
  const wrapped = vulnPredicate.safeParse(content);
  if (wrapped.success && (wrapped.data.scanner || wrapped.data.scanners)) {
    const scanner = wrapped.data.scanner ?? wrapped.data.scanners?.[0];
    const inner = parseVulnerabilityReport(scanner?.result);
    if (!inner) return null;
    return { ...inner, scanner: scannerName(scanner?.uri, scanner?.version) ?? inner.scanner };
  }
  const t = trivy.safeParse(content);
  if (t.success)
    return {
      format: "trivy",
      scanner: t.data.Trivy?.Version ? `Trivy ${t.data.Trivy.Version}` : "Trivy",
      counts: tally(
        (t.data.Results ?? []).flatMap((r) =>
          (r.Vulnerabilities ?? []).map((v): [string, Severity] => [
            `${v.VulnerabilityID}|${v.PkgName ?? ""}|${v.InstalledVersion ?? ""}|${v.PkgPath ?? ""}`,
            severityOf(v.Severity),
          ]),
        ),
      ),
    };
  const g = grype.safeParse(content);
  if (g.success)
    return {
      format: "grype",
      scanner: g.data.descriptor?.name
        ? `${g.data.descriptor.name}${g.data.descriptor.version ? ` ${g.data.descriptor.version}` : ""}`
        : "grype",
      counts: tally(
        g.data.matches.map((m): [string, Severity] => [
          `${m.vulnerability.id}|${m.artifact?.name ?? ""}|${m.artifact?.version ?? ""}`,
          severityOf(m.vulnerability.severity),
        ]),
      ),
    };
  const s = sarif.safeParse(content);
  if (s.success) return fromSarif(s.data);
  return null;
}

function fromSarif(doc: z.infer<typeof sarif>): VulnerabilityReport {
  const entries: Array<[string, Severity]> = [];
  const names: string[] = [];
  for (const run of doc.runs) {
    const driver = run.tool.driver;
    const version = driver.semanticVersion ?? driver.version;
    names.push(version ? `${driver.name} ${version}` : driver.name);
    const rules = new Map((driver.rules ?? []).map((r) => [r.id, r]));
    for (const [i, result] of (run.results ?? []).entries()) {
      const rule =
        (result.ruleId !== undefined ? rules.get(result.ruleId) : undefined) ??
        (result.ruleIndex !== undefined ? driver.rules?.[result.ruleIndex] : undefined);
      const props =
        result.properties?.["security-severity"] !== undefined
          ? result.properties
          : rule?.properties;
      const location = JSON.stringify(result.locations?.[0] ?? i);
      entries.push([
        `${result.ruleId ?? rule?.id ?? i}|${result.message?.text ?? ""}|${location}`,
        sarifSeverity(props, result.level),
      ]);
    }
  }
  return { format: "sarif", scanner: names.join(", ") || null, counts: tally(entries) };
}

function sarifSeverity(
  props: z.infer<typeof sarifProps> | undefined,
  level: string | undefined,
): Severity {
  const score = props?.["security-severity"];
  if (score !== undefined) return severityOfScore(Number(score));
  for (const tag of props?.tags ?? []) {
    const s = severityOf(tag);
    if (s !== "unknown") return s;
  }
  if (level === "error") return "high";
  if (level === "warning") return "medium";
  if (level === "note") return "low";
  return "unknown";
}

function scannerName(uri: string | undefined, version: string | undefined): string | null {
  // `pkg:github/aquasecurity/trivy@v0.56.2` → `trivy v0.56.2`
  const purl = uri ? /([^/@]+)(?:@([^?#]+))?(?:[?#].*)?$/.exec(uri) : null;
  const name = purl?.[1] ?? null;
  const v = version ?? purl?.[2] ?? null;
  if (!name) return v;
  return v ? `${name} ${v}` : name;
}
