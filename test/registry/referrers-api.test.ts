import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCredentialStore, createRegistryClient } from "../../src/adapters/registry/index.js";
import { verifyImage } from "../../src/app/verify-signature.js";
import {
  COSIGN_SIG_ARTIFACT_TYPE,
  SIGSTORE_BUNDLE_ARTIFACT_TYPE,
} from "../../src/core/signatures/index.js";
import { systemClock } from "../../src/ports/clock.js";
import {
  dsseBundle,
  ecdsaKey,
  rsaKey,
  signB64,
  simpleSigningPayload,
} from "../core/signatures/cosign-fixtures.js";
import { FakeRegistry } from "./harness/fake-registry.js";
import { buildImage } from "./harness/oci-layout.js";
import { referrer } from "./harness/signatures.js";

const key = ecdsaKey();
const rsa = rsaKey();
const stranger = ecdsaKey();

function signedPayload(signer: ReturnType<typeof ecdsaKey>, digest: string) {
  const payload = simpleSigningPayload(digest, "registry.test/acme/web");
  return { payload, signature: signB64(signer, payload) };
}

describe("signatures through the OCI 1.1 referrers API (loopback fake registry)", () => {
  let fake: FakeRegistry;
  beforeAll(async () => {
    fake = await new FakeRegistry().start();
  });
  afterAll(() => fake.close());

  it("finds cosign signature artifacts and Sigstore bundles by artifactType", async () => {
    const img = buildImage({ content: "referrers-api" });
    fake.putBlobs("acme/web", img.blobs);
    fake.putManifest("acme/web", ["3.0.0"], img.manifest);
    const sigPayload = signedPayload(key, img.manifest.digest);
    const cosignArt = referrer(img.manifest, COSIGN_SIG_ARTIFACT_TYPE, {
      mediaType: "application/vnd.dev.cosign.simplesigning.v1+json",
      bytes: sigPayload.payload,
      annotations: { "dev.cosignproject.cosign/signature": signB64(stranger, sigPayload.payload) },
    });
    const bundleArt = referrer(img.manifest, SIGSTORE_BUNDLE_ARTIFACT_TYPE, {
      mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
      bytes: new TextEncoder().encode(
        JSON.stringify(dsseBundle(key, img.manifest.digest, "acme/web").bundle),
      ),
    });
    const sbom = referrer(img.manifest, "application/spdx+json", {
      mediaType: "application/spdx+json",
      bytes: new TextEncoder().encode("{}"),
    });
    for (const a of [cosignArt, bundleArt, sbom]) {
      fake.putBlobs("acme/web", a.blobs);
      fake.putManifest("acme/web", [], a.manifest);
    }
    fake.referrers.set(`acme/web@${img.manifest.digest}`, [
      {
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        digest: sbom.manifest.digest,
        size: sbom.manifest.size,
        artifactType: "application/spdx+json",
      },
      {
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        digest: cosignArt.manifest.digest,
        size: cosignArt.manifest.size,
        artifactType: COSIGN_SIG_ARTIFACT_TYPE,
      },
      {
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        digest: bundleArt.manifest.digest,
        size: bundleArt.manifest.size,
        artifactType: SIGSTORE_BUNDLE_ARTIFACT_TYPE,
      },
    ]);
    const client = createRegistryClient({
      credentials: createCredentialStore({}, []),
      clock: systemClock,
      insecureHosts: [fake.host],
    });
    const repo = `${fake.host}/acme/web`;
    const sboms = await client.getReferrers(repo, img.manifest.digest, "application/spdx+json");
    expect(sboms.ok && [sboms.value.via, sboms.value.descriptors.map((d) => d.digest)]).toEqual([
      "api",
      [sbom.manifest.digest],
    ]);

    const v = await verifyImage(client, repo, img.manifest.digest, { keys: [key.publicPem] });
    expect(v).toMatchObject({ verified: true, layout: "referrers", checked: 2 });
    expect(fake.count(/referrers/)).toBe(1);
    expect(fake.count(/manifests\/sha256-[0-9a-f]{64}$/)).toBe(0);
    expect(fake.count(new RegExp(`manifests/${sbom.manifest.digest}`))).toBe(0);

    const wrong = await verifyImage(client, repo, img.manifest.digest, { keys: [rsa.publicPem] });
    expect(wrong.reason).toBe(
      "the signature does not verify with any configured key (wrong key or altered payload); the DSSE signature does not verify with any configured key",
    );
  });
});
