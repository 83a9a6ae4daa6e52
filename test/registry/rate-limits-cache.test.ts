import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCredentialStore, createRegistryClient } from "../../src/adapters/registry/index.js";
import type { RegistryClientOptions } from "../../src/adapters/registry/index.js";
import type { Clock } from "../../src/ports/clock.js";
import { createMetrics } from "../../src/adapters/metrics/index.js";
import { defaultRegistry } from "../../src/drivers/registry/default-registry.js";
import { readSettings } from "../../src/drivers/settings.js";
import { FakeRegistry } from "./harness/fake-registry.js";
import { blob, buildImage } from "./harness/oci-layout.js";

describe("rate limits, per-host concurrency and caches (loopback fake registry)", () => {
  let fake: FakeRegistry;
  let now: number;
  let sleeps: number[];
  const clock: Clock = { now: () => new Date(now) };
  const image = buildImage({ content: "rate" });
  const repo = () => `${fake.host}/acme/api`;
  const client = (extra: Partial<RegistryClientOptions> = {}) =>
    createRegistryClient({
      credentials: createCredentialStore({}, []),
      clock,
      insecureHosts: [fake.host],
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...extra,
    });

  beforeEach(async () => {
    fake = await new FakeRegistry().start();
    now = Date.parse("2026-06-01T00:00:00Z");
    sleeps = [];
    fake.putBlobs("acme/api", image.blobs);
    fake.putManifest("acme/api", ["1.0.0", "1.1.0", "latest"], image.manifest);
  });
  afterEach(() => fake.close());

  const once = (status: number, headers: Record<string, string> = {}) => {
    let used = false;
    return () => {
      if (used) return undefined;
      used = true;
      return { status, headers };
    };
  };

  it("waits as long as Retry-After says, then succeeds", async () => {
    fake.interceptors = [once(429, { "retry-after": "2" })];
    expect(await client().listTags(repo())).toEqual({
      ok: true,
      value: ["1.0.0", "1.1.0", "latest"],
    });
    expect(sleeps).toEqual([2000]);
    expect(fake.count(/tags\/list/)).toBe(2);
  });

  it("the app's registry records the registry's rate limit and its retries in /metrics", async () => {
    const metrics = createMetrics({ processMetrics: false });
    fake.interceptors = [
      once(429, {
        "retry-after": "0",
        "ratelimit-limit": "100;w=21600",
        "ratelimit-remaining": "0;w=21600",
      }),
    ];
    const settings = readSettings({ BUMPWARDEN_INSECURE_REGISTRIES: fake.host });
    const registry = await defaultRegistry({}, settings, clock, metrics);
    expect((await registry.listTags(repo())).ok).toBe(true);
    const text = await metrics.registry.metrics();
    expect(text).toContain(`bumpwarden_registry_rate_limit_remaining{registry="${fake.host}"} 0`);
    expect(text).toContain(`bumpwarden_registry_rate_limit_limit{registry="${fake.host}"} 100`);
    expect(text).toContain(`bumpwarden_retries_total{component="registry"} 1`);
  });

  it("reads Retry-After as an HTTP date against the injected clock", async () => {
    fake.interceptors = [once(429, { "retry-after": new Date(now + 5_000).toUTCString() })];
    expect((await client().listTags(repo())).ok).toBe(true);
    expect(sleeps).toEqual([5000]);
  });

  it("fails fast when Retry-After is beyond the bound, saying when to come back", async () => {
    fake.interceptors = [() => ({ status: 429, headers: { "retry-after": "3600" } })];
    const r = await client({ maxRetryWaitMs: 60_000 }).listTags(repo());
    expect(r.ok ? "ok" : [r.error.code, r.error.message]).toEqual([
      "rate-limited",
      `${fake.host} answered 429 (rate limit) after 1 attempt; it asks to retry after 3600`,
    ]);
    expect(sleeps).toEqual([]);
    expect(fake.count(/tags\/list/)).toBe(1);
  });

  it("gives up after a bounded number of retries with backoff", async () => {
    fake.interceptors = [() => ({ status: 503 })];
    const r = await client({ maxRetries: 3 }).getDigest(repo(), "1.0.0");
    expect(r.ok ? "ok" : r.error.code).toBe("unavailable");
    expect(sleeps).toEqual([250, 500, 1000]);
    expect(fake.count(/HEAD .*manifests/)).toBe(4);
  });

  it("keeps at most `concurrency` requests in flight per host", async () => {
    fake.delayMs = 40;
    const blobs = Array.from({ length: 8 }, (_, i) =>
      blob("application/octet-stream", `blob-${i}`),
    );
    fake.putBlobs("acme/api", blobs);
    const c = client({ concurrency: 2 });
    const results = await Promise.all(blobs.map((b) => c.getBlob(repo(), b.digest)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.maxInFlight).toBe(2);
  });

  it("a burst of identical asks costs one request; the TTL and ETag keep later ones cheap", async () => {
    const c = client({ ttlMs: 30_000 });
    const burst = await Promise.all(Array.from({ length: 20 }, () => c.listTags(repo())));
    expect(burst.every((r) => r.ok && r.value.length === 3)).toBe(true);
    expect(fake.count(/tags\/list/)).toBe(1);
    now += 10_000;
    await c.listTags(repo());
    expect(fake.count(/tags\/list/)).toBe(1);
    now += 30_000;
    expect(await c.listTags(repo())).toEqual({ ok: true, value: ["1.0.0", "1.1.0", "latest"] });
    expect(fake.count(/tags\/list/)).toBe(2);
    expect(fake.requests.at(-1)?.headers["if-none-match"]).toBe('"tags-3"');
    fake.putManifest("acme/api", ["1.2.0"], image.manifest);
    now += 31_000;
    expect(await c.listTags(repo())).toEqual({
      ok: true,
      value: ["1.0.0", "1.1.0", "latest", "1.2.0"],
    });
  });

  it("caches tag digests for the TTL and revalidates them with If-None-Match", async () => {
    const c = client({ ttlMs: 30_000 });
    expect(await c.getDigest(repo(), "latest")).toEqual({ ok: true, value: image.manifest.digest });
    await c.getDigest(repo(), "latest");
    expect(fake.count(/HEAD .*manifests\/latest/)).toBe(1);
    now += 31_000;
    expect(await c.getDigest(repo(), "latest")).toEqual({ ok: true, value: image.manifest.digest });
    expect(fake.requests.at(-1)?.headers["if-none-match"]).toBe(`"${image.manifest.digest}"`);
  });

  it("keeps content-addressed manifests without asking again", async () => {
    const c = client({ ttlMs: 1_000 });
    await c.getManifest(repo(), image.manifest.digest);
    now += 3_600_000;
    await c.getManifest(repo(), image.manifest.digest);
    expect(fake.count(/manifests\/sha256/)).toBe(1);
  });

  it("rejects a manifest whose bytes do not match the digest asked for", async () => {
    const other = buildImage({ content: "other" });
    fake.manifests.set(`acme/api:${image.manifest.digest}`, other.manifest);
    const r = await client().getManifest(repo(), image.manifest.digest);
    expect(r.ok ? "ok" : [r.error.code, r.error.message]).toEqual([
      "invalid-response",
      expect.stringContaining(`hash to ${other.manifest.digest}`),
    ]);
  });

  it("drops the Authorization header when a blob redirects to another origin", async () => {
    const storage = await new FakeRegistry().start();
    try {
      const b = blob("application/octet-stream", "redirected");
      storage.putBlobs("acme/api", [b]);
      fake.interceptors = [
        (r) =>
          r.path.includes("/blobs/")
            ? { status: 307, headers: { location: `http://${storage.host}${r.path}` } }
            : undefined,
      ];
      const c = client({
        insecureHosts: [fake.host, storage.host],
        credentials: createCredentialStore(
          { [`BUMPWARDEN_REGISTRY_127_0_0_1_${fake.host.split(":")[1]}_TOKEN`]: "secret-token" },
          [],
        ),
      });
      fake.interceptors.unshift((r) =>
        r.headers.authorization
          ? undefined
          : {
              status: 401,
              headers: { "www-authenticate": 'Bearer realm="http://127.0.0.1:1/token"' },
            },
      );
      const r = await c.getBlob(repo(), b.digest);
      expect(r.ok && Buffer.from(r.value).toString()).toBe("redirected");
      expect(storage.requests.at(-1)?.headers.authorization).toBeUndefined();
      expect(fake.requests.at(-1)?.headers.authorization).toBe("Bearer secret-token");
    } finally {
      await storage.close();
    }
  });
});
