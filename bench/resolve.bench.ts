import semver from "semver";
import { createCredentialStore, createRegistryClient } from "../src/adapters/registry/index.js";
import { resolveTag } from "../src/app/resolve-tag.js";
import { selectTag } from "../src/core/versions/index.js";
import type { Clock } from "../src/ports/clock.js";
import {
  ecdsaKey,
  signB64,
  simpleSigningPayload,
} from "../test/core/signatures/cosign-fixtures.js";
import { FakeRegistry } from "../test/registry/harness/fake-registry.js";
import { buildImage } from "../test/registry/harness/oci-layout.js";
import { classicSignature } from "../test/registry/harness/signatures.js";
import type { Bench } from "./figure.js";
import { compare } from "./figure.js";

/** 5,000 tags as registries hold them: releases (some v-prefixed), pre-releases, variants, CI tags, cosign artifacts. */
function tagSet(n = 5_000): string[] {
  let seed = 42;
  const rnd = (m: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % m);
  const tags: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = `${rnd(20)}.${rnd(50)}.${rnd(100)}`;
    switch (i % 10) {
      case 0:
        tags.push(`v${v}`);
        break;
      case 1:
        tags.push(`${v}-rc.${rnd(5)}`);
        break;
      case 2:
        tags.push(`${v}-alpine`);
        break;
      case 3:
        tags.push(`sha-${(seed >>> 0).toString(16).padStart(7, "0").slice(0, 7)}`);
        break;
      case 4:
        tags.push(`sha256-${(seed >>> 0).toString(16).padStart(8, "0").repeat(8)}.sig`);
        break;
      case 5:
        tags.push(["latest", "stable", "main", "edge"][rnd(4)] ?? "latest");
        break;
      default:
        tags.push(v);
    }
  }
  return tags;
}

const bench: Bench = async (report) => {
  const tags = tagSet();
  const valid = tags.filter((t) => semver.valid(t) !== null);
  const picked = selectTag({ tags, policy: { semver: "*" }, current: "1.0.0" });
  const expected = semver.rsort([...valid]).find((t) => !semver.prerelease(t));
  if (!picked.ok || picked.value.tag?.replace(/^v/, "") !== expected?.replace(/^v/, ""))
    throw new Error(
      `selection disagrees with semver.rsort: ${picked.ok ? picked.value.tag : picked.error.message} vs ${expected}`,
    );
  const r = await compare(
    () => selectTag({ tags, policy: { semver: "*" }, current: "1.0.0" }),
    () => semver.rsort([...valid]),
    15,
  );
  report({
    name: "resolve: select newest of 5,000 tags (semver policy, why text)",
    value: r.value,
    unit: "ms",
    baseline: r.baseline,
    ratio: r.ratio,
    note: `baseline: semver.rsort alone on the ${valid.length} tags it accepts (it throws on the others); subject parses, filters and explains all ${tags.length}`,
  });

  // Registry calls per resolve with signature verification, against a loopback OCI registry.
  const fake = await new FakeRegistry().start();
  try {
    const key = ecdsaKey();
    const repoPath = "acme/api";
    for (const t of ["1.0.0", "1.1.0", "1.2.0"]) {
      const img = buildImage({ content: t, labels: { "org.opencontainers.image.revision": t } });
      fake.putBlobs(repoPath, img.blobs);
      fake.putManifest(repoPath, [t], img.manifest);
      const payload = simpleSigningPayload(img.manifest.digest, `${fake.host}/${repoPath}`);
      const sig = classicSignature([{ payload, signature: signB64(key, payload) }]);
      fake.putBlobs(repoPath, sig.blobs);
      fake.putManifest(repoPath, [`${img.manifest.digest.replace(":", "-")}.sig`], sig.manifest);
    }
    fake.referrersApi = false;
    let now = Date.parse("2026-06-01T00:00:00Z");
    const clock: Clock = { now: () => new Date(now) };
    const client = createRegistryClient({
      credentials: createCredentialStore({}, []),
      clock,
      insecureHosts: [fake.host],
      ttlMs: 30_000,
    });
    const request = {
      repository: `${fake.host}/${repoPath}`,
      policy: { semver: "^1" },
      current: "1.0.0",
      verify: { keys: [key.publicPem] },
    };
    const count = async (fn: () => Promise<unknown>) => {
      const before = fake.requests.length;
      await fn();
      return fake.requests.length - before;
    };
    const cold = await count(() => resolveTag(client, request));
    const warm = await count(() => resolveTag(client, request));
    now += 31_000;
    const revalidated = await count(() => resolveTag(client, request));
    now += 31_000;
    const burst = await count(() =>
      Promise.all(Array.from({ length: 20 }, () => resolveTag(client, request))),
    );
    report({
      name: "resolve: registry calls per resolve, warm cache (within TTL)",
      value: warm,
      unit: "requests",
      baseline: cold,
      ratio: cold ? warm / cold : 0,
      note: "baseline: the same resolve on a cold cache (tags, HEAD, .sig tag, referrers tag, blobs, config)",
    });
    report({
      name: "resolve: registry calls per resolve, after TTL expiry",
      value: revalidated,
      unit: "requests",
      baseline: cold,
      ratio: cold ? revalidated / cold : 0,
      note: "tag list and digest revalidated with If-None-Match; content-addressed data kept",
    });
    report({
      name: "resolve: registry calls for a burst of 20 concurrent resolves",
      value: burst,
      unit: "requests",
      baseline: cold * 20,
      ratio: burst / (cold * 20),
      note: "baseline: 20 uncached resolves",
    });
  } finally {
    await fake.close();
  }
};

export default bench;
