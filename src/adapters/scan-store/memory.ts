import type { ScanStore, StoredScan } from "../../ports/scan-store.js";

/** The default store: one process, the newest `capacity` digests (oldest written is dropped first). */
export class MemoryScanStore implements ScanStore {
  private readonly scans = new Map<string, StoredScan>();

  constructor(private readonly capacity = 10_000) {}

  async put(scan: StoredScan): Promise<void> {
    const before = this.scans.get(scan.digest);
    if (before && before.receivedAt > scan.receivedAt) return;
    this.scans.delete(scan.digest);
    this.scans.set(scan.digest, structuredClone(scan));
    while (this.scans.size > this.capacity) {
      const oldest = this.scans.keys().next().value;
      if (oldest === undefined) break;
      this.scans.delete(oldest);
    }
  }

  async get(digest: string): Promise<StoredScan | undefined> {
    const found = this.scans.get(digest);
    return found ? structuredClone(found) : undefined;
  }
}
