/**
 * A registry finished a vulnerability scan of an image (Harbor `SCANNING_COMPLETED`). Parsed now,
 * consumed by the supply-chain gates later.
 */
export interface ImageScanned {
  repository: string;
  tag: string | null;
  digest: string | null;
  source: "harbor";
  deliveryId: string;
  receivedAt: string;
  reports: ScanReport[];
}

export interface ScanReport {
  /** The report's MIME type, e.g. `application/vnd.security.vulnerability.report; version=1.1`. */
  mimeType: string;
  status: string;
  /** Highest severity found, as the scanner names it (`Critical`, `High`, `Medium`, ...). */
  severity: string | null;
  total: number | null;
  fixable: number | null;
  bySeverity: Record<string, number>;
  scanner: { name: string; vendor: string; version: string } | null;
}
