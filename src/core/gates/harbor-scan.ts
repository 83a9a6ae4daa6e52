import type { ScanReport } from "../events/image-scanned.js";
import { SEVERITIES } from "./types.js";
import type { Severity, VulnerabilityReport } from "./types.js";
import { severityOf } from "./vulnerabilities.js";

/** A Harbor `SCANNING_COMPLETED` result: a usable report, or why it cannot be used. */
export type RegistryScan =
  { ok: true; report: VulnerabilityReport } | { ok: false; problem: string };

/**
 * The vulnerability report among Harbor's scan overviews (MIME type
 * `application/vnd.security.vulnerability.report; version=1.1`, or the scanner adapter's), as
 * counts. A scan that did not succeed is a problem, not a clean bill.
 */
export function harborReport(reports: readonly ScanReport[]): RegistryScan {
  const vuln = reports.find((r) => /vuln/i.test(r.mimeType));
  if (!vuln) return { ok: false, problem: "the Harbor scan has no vulnerability report" };
  if (vuln.status.toLowerCase() !== "success")
    return { ok: false, problem: `the Harbor scan did not succeed (status ${vuln.status})` };
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const [word, n] of Object.entries(vuln.bySeverity)) {
    if (word.toLowerCase() === "none") continue;
    counts[severityOf(word)] += n;
  }
  const scanner = vuln.scanner ? `${vuln.scanner.name} ${vuln.scanner.version} (Harbor)` : "Harbor";
  return { ok: true, report: { format: "harbor", scanner, counts } };
}
