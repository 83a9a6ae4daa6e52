import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryScanStore, RedisScanStore } from "../../src/adapters/scan-store/index.js";
import { recordScan } from "../../src/app/record-scan.js";
import { normalizeHarbor } from "../../src/core/events/harbor.js";
import type { ImageScanned } from "../../src/core/events/image-scanned.js";
import type { ScanStore } from "../../src/ports/scan-store.js";
import { corpusJson } from "../core/events/corpus.js";
import { mustHave, redisCheck } from "../harness/services.js";

function harborScan(receivedAt: string): ImageScanned {
  const out = normalizeHarbor({
    body: corpusJson("harbor-scanning-completed"),
    headers: {},
    receivedAt,
  });
  if (out.kind !== "accepted" || !out.scans[0])
    throw new Error("the corpus payload did not normalize");
  return out.scans[0];
}

function contract(name: string, make: () => ScanStore) {
  describe(`${name} scan store`, () => {
    it("keeps Harbor's SCANNING_COMPLETED result by digest (the corpus payload)", async () => {
      const store = make();
      const scan = harborScan("2026-03-01T10:00:00.000Z");
      expect(await recordScan(store, scan)).toEqual({ stored: true, digest: scan.digest });
      const got = await store.get(scan.digest ?? "");
      expect(got).toMatchObject({
        repository: "harbor.example.com/example-org/app",
        tag: "1.4.2",
        receivedAt: "2026-03-01T10:00:00.000Z",
      });
      expect(got?.reports[0]).toMatchObject({
        status: "Success",
        bySeverity: { Medium: 2, Low: 1 },
      });
      expect(await store.get(`sha256:${"0".repeat(64)}`)).toBeUndefined();
    });

    it("a later scan replaces an earlier one; a late-arriving older one does not", async () => {
      const store = make();
      const first = harborScan("2026-03-01T10:00:00.000Z");
      const second = harborScan("2026-03-02T10:00:00.000Z");
      second.reports = second.reports.map((r) => ({ ...r, bySeverity: { Critical: 1 } }));
      await recordScan(store, second);
      await recordScan(store, first);
      expect((await store.get(first.digest ?? ""))?.reports[0]?.bySeverity).toEqual({
        Critical: 1,
      });
    });

    it("a scan without a digest is not kept", async () => {
      const scan = { ...harborScan("2026-03-01T10:00:00.000Z"), digest: null };
      expect(await recordScan(make(), scan)).toEqual({
        stored: false,
        reason: "the scan of harbor.example.com/example-org/app:1.4.2 names no digest",
      });
    });
  });
}

contract("memory", () => new MemoryScanStore());

describe("memory scan store capacity", () => {
  it("drops the oldest digest beyond its capacity", async () => {
    const store = new MemoryScanStore(2);
    const scan = harborScan("2026-03-01T10:00:00.000Z");
    for (const d of ["a", "b", "c"]) await store.put({ ...scan, digest: `sha256:${d.repeat(64)}` });
    expect(await store.get(`sha256:${"a".repeat(64)}`)).toBeUndefined();
    expect(await store.get(`sha256:${"c".repeat(64)}`)).toBeDefined();
  });
});

const redis = await redisCheck();
describe.runIf(mustHave(redis))("redis", () => {
  let client: Redis;
  const prefix = `bw:test:${randomUUID()}`;
  beforeAll(() => {
    client = new Redis(redis.url ?? "");
  });
  afterAll(async () => {
    const keys = await client.keys(`${prefix}:*`);
    if (keys.length) await client.del(...keys);
    client.disconnect();
  });
  contract("redis", () => new RedisScanStore(client, `${prefix}:${randomUUID()}`));

  it("sets a TTL so stale scans expire", async () => {
    const store = new RedisScanStore(client, `${prefix}:ttl`, 60);
    const scan = harborScan("2026-03-01T10:00:00.000Z");
    await store.put({ ...scan, digest: scan.digest ?? "" });
    const ttl = await client.ttl(`${prefix}:ttl:${scan.digest ?? ""}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });
});
