import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_REPO, readTree, startAppWorld } from "../../sim/app-world.js";
import type { AppWorld } from "../../sim/app-world.js";
import { SIGSTORE_BUNDLE_ARTIFACT_TYPE } from "../../src/core/signatures/index.js";
import { privateSigstore } from "../core/signatures/sigstore-fixtures.js";
import type { PrivateSigstore } from "../core/signatures/sigstore-fixtures.js";
import { ValidatedProbotOctokit } from "../harness/octokit.js";

const identity = "https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main";
const issuer = "https://token.actions.githubusercontent.com";
const BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json";
const INDEX = "application/vnd.oci.image.index.v1+json";

let sigstore: PrivateSigstore;
let dir: string;
let world: AppWorld | undefined;

beforeAll(async () => {
  sigstore = await privateSigstore();
  dir = await mkdtemp(join(tmpdir(), "bumpwarden-root-"));
  await writeFile(join(dir, "trusted_root.json"), JSON.stringify(sigstore.trustedRoot));
}, 30_000);
afterAll(async () => {
  await sigstore?.cleanup();
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await world?.close();
  expect(world?.github.violations).toEqual([]);
  world = undefined;
});

/** The example repository, its images required to carry a keyless signature from the release workflow. */
function files(): Record<string, string> {
  const out = readTree(EXAMPLE_REPO);
  const config = out[".github/bumpwarden.yml"] ?? "";
  out[".github/bumpwarden.yml"] = config.replace(
    `    policy: { semver: ">=1.0.0 <2.0.0" }\n`,
    `    policy: { semver: ">=1.0.0 <2.0.0" }\n    verify: { cosign: { keyless: { identity: "${identity}", issuer: "${issuer}" } } }\n`,
  );
  expect(out[".github/bumpwarden.yml"]).toContain("keyless");
  return out;
}

/** Pushes 1.8.0 and its cosign 3 keyless bundle (an OCI referrer, found through the fallback tag). */
async function pushSigned(w: AppWorld): Promise<string> {
  const digest = w.pushImage("acme/api", "1.8.0");
  const bundle = Buffer.from(
    JSON.stringify(await sigstore.keylessBundle({ identity, issuer, digest })),
  );
  const store = w.registry.store;
  const empty = store.putBlob("acme/api", "{}");
  const layer = store.putBlob("acme/api", bundle);
  const artifact = JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    artifactType: SIGSTORE_BUNDLE_ARTIFACT_TYPE,
    config: { mediaType: "application/vnd.oci.empty.v1+json", digest: empty, size: 2 },
    layers: [{ mediaType: BUNDLE, digest: layer, size: bundle.length }],
    subject: { mediaType: "application/vnd.oci.image.manifest.v1+json", digest, size: 0 },
  });
  const artifactDigest = store.putManifest(
    "acme/api",
    "bundle",
    artifact,
    "application/vnd.oci.image.manifest.v1+json",
  );
  store.putManifest(
    "acme/api",
    digest.replace(":", "-"),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: INDEX,
      manifests: [
        {
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          digest: artifactDigest,
          size: Buffer.byteLength(artifact),
          artifactType: SIGSTORE_BUNDLE_ARTIFACT_TYPE,
        },
      ],
    }),
    INDEX,
  );
  return digest;
}

const pullBodies = (w: AppWorld) =>
  [...w.github.human.repo("acme/gitops").issues.values()]
    .filter((i) => i.isPull)
    .map((i) => i.body ?? "");

describe("the app verifies verify.cosign.keyless with BUMPWARDEN_SIGSTORE_TRUSTED_ROOT", () => {
  it("proposes a keyless-signed push, naming the identity that signed it", async () => {
    world = await startAppWorld({
      Octokit: ValidatedProbotOctokit,
      files: files(),
      env: { BUMPWARDEN_SIGSTORE_TRUSTED_ROOT: join(dir, "trusted_root.json") },
    });
    await pushSigned(world);
    expect((await world.notifyPush("ghcr.io/acme/api", "1.8.0")).status).toBe(202);
    await world.idle();
    const bodies = pullBodies(world);
    expect(bodies).toHaveLength(2);
    for (const body of bodies)
      expect(body).toContain(`| Signature | verified (key \`${identity} (${issuer})\`) |`);
  }, 30_000);

  it("without a trusted root, proposes nothing and says what to configure", async () => {
    world = await startAppWorld({ Octokit: ValidatedProbotOctokit, files: files() });
    await pushSigned(world);
    await world.notifyPush("ghcr.io/acme/api", "1.8.0");
    await world.idle();
    expect(pullBodies(world)).toEqual([]);
    const dashboard = [...world.github.human.repo("acme/gitops").issues.values()].find(
      (i) => !i.isPull,
    );
    expect(dashboard?.body).toContain("BUMPWARDEN_SIGSTORE_TRUSTED_ROOT");
  }, 30_000);
});
