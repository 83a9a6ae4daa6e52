import type { ImageScanned } from "../core/events/image-scanned.js";
import type { ScanStore } from "../ports/scan-store.js";

export type RecordScanOutcome =
  { stored: true; digest: string } | { stored: false; reason: string };

/**
 * Handles an `image-scanned` job (Harbor `SCANNING_COMPLETED`): keeps the scan by digest for the
 * vulnerability gate. A scan without a digest cannot be tied to an image and is not kept.
 */
export async function recordScan(store: ScanStore, scan: ImageScanned): Promise<RecordScanOutcome> {
  if (scan.digest === null)
    return {
      stored: false,
      reason: `the scan of ${scan.repository}:${scan.tag ?? "?"} names no digest`,
    };
  await store.put({
    repository: scan.repository,
    digest: scan.digest,
    tag: scan.tag,
    reports: scan.reports,
    receivedAt: scan.receivedAt,
  });
  return { stored: true, digest: scan.digest };
}
