import type { Manifest, Referrers, Registry, RegistryError } from "../../ports/registry.js";
import type { Result } from "../../core/result.js";
import { ok } from "../../core/result.js";
import { TtlCache, cachedResult } from "./cache.js";
import { DIGEST, createContext, fail, invalid, statusError } from "./context.js";
import type { RegistryContext } from "./context.js";
import { readImageConfig } from "./image-config.js";
import { MANIFEST_ACCEPT, parseManifest, sha256Digest } from "./manifest.js";
import { createReferrersLoader } from "./referrers.js";
import { loadTags } from "./tags.js";
import { Transport } from "./transport.js";
import type { TransportOptions } from "./transport.js";

export interface RegistryClientOptions extends TransportOptions {
  /** How long a tag list, a tag's digest or a referrers list is reused without asking (default 30 s). */
  ttlMs?: number;
  /** Tags asked for per page (default 1000). */
  pageSize?: number;
  /** Pages followed at most (default 500), against a registry whose `Link` never ends. */
  maxPages?: number;
  /** Registry host → host to read it from instead (`{"ghcr.io": "mirror.internal:5000"}`). */
  mirrors?: Readonly<Record<string, string>>;
}

const IMMUTABLE = Number.POSITIVE_INFINITY;
/** Blobs kept in memory at most this big (configs, signature payloads). */
const CACHED_BLOB_BYTES = 1 << 20;

/** The OCI registry adapter: Distribution v2 / OCI 1.1 over `fetch`, with auth, limits and caches. */
export function createRegistryClient(options: RegistryClientOptions): Registry {
  const clock = options.clock;
  const ttl = options.ttlMs ?? 30_000;
  const ctx = createContext(new Transport(options), clock, ttl, options.mirrors);
  const tags = new TtlCache<string[]>(clock);
  const digests = new TtlCache<string>(clock);
  const manifests = new TtlCache<Manifest>(clock, 500);
  const blobs = new TtlCache<Uint8Array>(clock, 500);
  const referrers = new TtlCache<Referrers>(clock);
  const loadReferrers = createReferrersLoader(ctx);

  const registry: Registry = {
    listTags: (repository) =>
      cachedResult(tags, repository, async () => {
        const r = await loadTags(ctx, repository, {
          pageSize: options.pageSize ?? 1000,
          maxPages: options.maxPages ?? 500,
          stale: tags.stale(repository),
        });
        if (!r.ok) return r;
        tags.set(repository, r.value.tags, ttl, r.value.etag);
        return ok(r.value.tags);
      }),

    getDigest: (repository, reference) => {
      if (DIGEST.test(reference)) return Promise.resolve(ok(reference));
      const key = `${repository}:${reference}`;
      return cachedResult(digests, key, async () => {
        const loc = ctx.where(repository);
        if (!loc.ok) return loc;
        const stale = digests.stale(key);
        const conditional: Record<string, string> = stale ? { "if-none-match": stale.etag } : {};
        const res = await ctx.get(loc.value, "HEAD", `/manifests/${reference}`, {
          accept: MANIFEST_ACCEPT,
          ...conditional,
        });
        if (!res.ok) return fail(repository, res.error);
        if (res.value.status === 304 && stale) {
          digests.set(key, stale.value, ttl, stale.etag);
          return ok(stale.value);
        }
        if (res.value.status !== 200) return statusError(res.value, repository, `tag ${reference}`);
        let digest = res.value.headers.get("docker-content-digest");
        if (!digest || !DIGEST.test(digest)) {
          // Some registries omit the header on HEAD: the body's hash is the digest.
          const m = await fetchManifest(ctx, repository, reference);
          if (!m.ok) return m;
          digest = m.value.digest;
        }
        digests.set(key, digest, ttl, res.value.headers.get("etag"));
        return ok(digest);
      });
    },

    getManifest: (repository, reference) => {
      const immutable = DIGEST.test(reference);
      const key = `${repository}@${reference}`;
      return cachedResult(manifests, key, async () => {
        const m = await fetchManifest(ctx, repository, reference);
        if (m.ok) {
          manifests.set(key, m.value, immutable ? IMMUTABLE : ttl);
          if (!immutable) digests.set(`${repository}:${reference}`, m.value.digest, ttl);
        }
        return m;
      });
    },

    getBlob: (repository, digest) =>
      cachedResult(blobs, `${repository}@${digest}`, async () => {
        const loc = ctx.where(repository);
        if (!loc.ok) return loc;
        if (!DIGEST.test(digest))
          return invalid(repository, `"${digest}" is not a digest`, "invalid-reference");
        const res = await ctx.get(loc.value, "GET", `/blobs/${digest}`, {}, 32 << 20);
        if (!res.ok) return fail(repository, res.error);
        if (res.value.status !== 200) return statusError(res.value, repository, `blob ${digest}`);
        if (digest.startsWith("sha256:") && sha256Digest(res.value.body) !== digest)
          return invalid(repository, `${repository}: blob ${digest} does not match its digest`);
        if (res.value.body.byteLength <= CACHED_BLOB_BYTES)
          blobs.set(`${repository}@${digest}`, res.value.body, IMMUTABLE);
        return ok(res.value.body);
      }),

    getImageConfig: (repository, digest) => readImageConfig(registry, repository, digest),

    async getReferrers(repository, digest, artifactType) {
      const key = `${repository}@${digest}`;
      const all = await cachedResult(referrers, key, async () => {
        const r = await loadReferrers(repository, digest);
        if (r.ok) referrers.set(key, r.value, ttl);
        return r;
      });
      if (!all.ok || artifactType === undefined) return all;
      return ok({
        via: all.value.via,
        descriptors: all.value.descriptors.filter((d) => d.artifactType === artifactType),
      });
    },
  };
  return registry;
}

/** GET a manifest, parse it and check its bytes against the digest asked for (or announced). */
async function fetchManifest(
  ctx: RegistryContext,
  repository: string,
  reference: string,
): Promise<Result<Manifest, RegistryError>> {
  const loc = ctx.where(repository);
  if (!loc.ok) return loc;
  const res = await ctx.get(
    loc.value,
    "GET",
    `/manifests/${reference}`,
    { accept: MANIFEST_ACCEPT },
    4 << 20,
  );
  if (!res.ok) return fail(repository, res.error);
  if (res.value.status !== 200) return statusError(res.value, repository, `manifest ${reference}`);
  const manifest = parseManifest(res.value.body, res.value.headers.get("content-type"));
  if (typeof manifest === "string")
    return invalid(repository, `${repository}@${reference}: ${manifest}`);
  const header = res.value.headers.get("docker-content-digest");
  const expected = DIGEST.test(reference)
    ? reference
    : header?.startsWith("sha256:")
      ? header
      : null;
  if (expected !== null && expected !== manifest.digest)
    return invalid(
      repository,
      `${repository}@${reference}: the manifest bytes hash to ${manifest.digest}, not ${expected}`,
    );
  return ok(manifest);
}
