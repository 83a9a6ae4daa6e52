import type { ScanReport } from "../core/events/image-scanned.js";

/** A registry's vulnerability scan of one image digest (Harbor `SCANNING_COMPLETED`). */
export interface StoredScan {
  /** Normalized repository the scan was reported for: `harbor.example.com/example-org/app`. */
  repository: string;
  digest: string;
  tag: string | null;
  reports: ScanReport[];
  /** ISO time the webhook was received; a later scan of the same digest replaces an earlier one. */
  receivedAt: string;
}

/**
 * Scan results keyed by image digest, so the gates can read a registry's own scan when an image
 * carries no vulnerability attestation. Implementations keep results for a bounded time or count.
 */
export interface ScanStore {
  /** Stores `scan` unless a scan of the same digest received later is already stored. */
  put(scan: StoredScan): Promise<void>;
  get(digest: string): Promise<StoredScan | undefined>;
}
