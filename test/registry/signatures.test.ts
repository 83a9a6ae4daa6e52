import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCredentialStore, createRegistryClient } from "../../src/adapters/registry/index.js";
import { resolveTag } from "../../src/app/resolve-tag.js";
import { verifyImage } from "../../src/app/verify-signature.js";
import { SIGSTORE_BUNDLE_ARTIFACT_TYPE, parsePublicKey } from "../../src/core/signatures/index.js";
import type { Registry } from "../../src/ports/registry.js";
import { systemClock } from "../../src/ports/clock.js";
import { mustHave } from "../harness/services.js";
import {
  dsseBundle,
  ecdsaKey,
  rsaKey,
  signB64,
  simpleSigningPayload,
} from "../core/signatures/cosign-fixtures.js";
import { buildImage } from "./harness/oci-layout.js";
import type { Blob } from "./harness/oci-layout.js";
import { Pusher } from "./harness/push.js";
import { registryCheck, startRegistry } from "./harness/registry.js";
import type { TestRegistry } from "./harness/registry.js";
import { classicSignature, referrer, referrersIndex } from "./harness/signatures.js";

const run = mustHave(registryCheck());
const key = ecdsaKey();
const rsa = rsaKey();
const stranger = ecdsaKey();
const keyId = (pem: string) => {
  const k = parsePublicKey(pem);
  return k.ok ? k.value.keyId : "";
};

const images = Object.fromEntries(
  ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.6.0", "1.7.0", "1.8.0"].map((t) => [
    t,
    buildImage({ content: `acme-api-${t}`, labels: { "org.opencontainers.image.version": t } }),
  ]),
) as Record<string, { manifest: Blob; blobs: Blob[] }>;
const digestOf = (t: string) => images[t]?.manifest.digest ?? "";
const sigTag = (t: string) => `${digestOf(t).replace(":", "-")}.sig`;

function signedPayload(signer = key, digest: string) {
  const payload = simpleSigningPayload(digest, "registry.test/acme/api");
  return { payload, signature: signB64(signer, payload) };
}

describe.runIf(run)(
  "cosign signatures pushed to a real registry, verified through the registry port",
  () => {
    let reg: TestRegistry;
    let registry: Registry;
    let repo: string;

    beforeAll(async () => {
      reg = await startRegistry({ auth: "htpasswd" });
      repo = `${reg.host}/acme/api`;
      const push = new Pusher(reg);
      for (const [tag, img] of Object.entries(images)) await push.artifact("acme/api", tag, img);
      // 1.1.0: valid classic signature.  1.2.0: signed by another key.  1.3.0: payload altered after signing.
      await push.artifact(
        "acme/api",
        sigTag("1.1.0"),
        classicSignature([signedPayload(key, digestOf("1.1.0"))]),
      );
      await push.artifact(
        "acme/api",
        sigTag("1.2.0"),
        classicSignature([signedPayload(stranger, digestOf("1.2.0"))]),
      );
      const good = signedPayload(key, digestOf("1.3.0"));
      const tampered = new TextEncoder().encode(
        Buffer.from(good.payload).toString().replace("registry.test", "evil.test"),
      );
      await push.artifact(
        "acme/api",
        sigTag("1.3.0"),
        classicSignature([{ payload: tampered, signature: good.signature }]),
      );
      // 1.4.0: a valid signature of 1.1.0 copied next to 1.4.0.  1.5.0: nothing.  1.6.0: wrong layer media type.
      await push.artifact(
        "acme/api",
        sigTag("1.4.0"),
        classicSignature([signedPayload(key, digestOf("1.1.0"))]),
      );
      await push.artifact(
        "acme/api",
        sigTag("1.6.0"),
        classicSignature([
          {
            ...signedPayload(key, digestOf("1.6.0")),
            mediaType: "application/vnd.oci.image.layer.v1.tar",
          },
        ]),
      );
      // 1.7.0: cosign 3 Sigstore bundle as an OCI referrer, found through the referrers tag schema.
      const bundle = dsseBundle(key, digestOf("1.7.0"), "registry.test/acme/api").bundle;
      const art = referrer(images["1.7.0"]!.manifest, SIGSTORE_BUNDLE_ARTIFACT_TYPE, {
        mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
        bytes: new TextEncoder().encode(JSON.stringify(bundle)),
      });
      await push.artifact("acme/api", art.manifest.digest, art);
      await push.manifest(
        "acme/api",
        digestOf("1.7.0").replace(":", "-"),
        referrersIndex([{ artifact: art, artifactType: SIGSTORE_BUNDLE_ARTIFACT_TYPE }]),
      );
      // 1.8.0: RSA key, classic layout.
      await push.artifact(
        "acme/api",
        sigTag("1.8.0"),
        classicSignature([signedPayload(rsa, digestOf("1.8.0"))]),
      );
      registry = createRegistryClient({
        credentials: createCredentialStore(
          {
            [`BUMPWARDEN_REGISTRY_127_0_0_1_${reg.host.split(":")[1]}_USERNAME`]: reg.user.username,
            [`BUMPWARDEN_REGISTRY_127_0_0_1_${reg.host.split(":")[1]}_PASSWORD`]: reg.user.password,
          },
          [],
        ),
        clock: systemClock,
        insecureHosts: [reg.host],
      });
    }, 60_000);
    afterAll(async () => reg?.stop());

    const cases: [string, string, boolean, RegExp | null][] = [
      ["valid (classic .sig tag)", "1.1.0", true, null],
      ["wrong key", "1.2.0", false, /does not verify with any configured key/],
      ["tampered payload", "1.3.0", false, /wrong key or altered payload/],
      ["digest mismatch", "1.4.0", false, /signed payload is for sha256:[0-9a-f]{64}, not sha256:/],
      [
        "missing signature",
        "1.5.0",
        false,
        /^no cosign signature found \(looked at tag sha256-[0-9a-f]{64}\.sig and referrers tag sha256-[0-9a-f]{64}\)$/,
      ],
      [
        "wrong media type",
        "1.6.0",
        false,
        /media type application\/vnd\.oci\.image\.layer\.v1\.tar, not/,
      ],
      ["valid (cosign 3 bundle, referrers tag schema)", "1.7.0", true, null],
    ];
    it.each(cases)("%s", async (_name, tag, verified, reason) => {
      const v = await verifyImage(registry, repo, digestOf(tag), { keys: [key.publicPem] });
      expect(v.verified).toBe(verified);
      if (reason) expect(v.reason).toMatch(reason);
      else
        expect(v).toMatchObject({
          keyId: keyId(key.publicPem),
          layout: tag === "1.7.0" ? "referrers" : "tag",
        });
    });

    it("the referrers tag schema is found on distribution 2.8, which has no referrers API", async () => {
      const r = await registry.getReferrers(repo, digestOf("1.7.0"), SIGSTORE_BUNDLE_ARTIFACT_TYPE);
      expect(r.ok && r.value.via).toBe("tag-schema");
      expect(r.ok && r.value.descriptors).toHaveLength(1);
      const none = await registry.getReferrers(repo, digestOf("1.7.0"), "application/spdx+json");
      expect(none.ok && none.value.descriptors).toEqual([]);
    });

    it("resolve never proposes an unverifiable image and says why each newer one was refused", async () => {
      const r = await resolveTag(registry, {
        repository: repo,
        policy: { semver: "^1" },
        current: "1.0.0",
        verify: { keys: [key.publicPem] },
        maxVerifyAttempts: 10,
      });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value).toMatchObject({
        tag: "1.7.0",
        digest: digestOf("1.7.0"),
        previous: "1.0.0",
        changed: true,
        signature: { verified: true, keyId: keyId(key.publicPem), layout: "referrers" },
      });
      expect(r.value.rejected.map((x) => x.tag)).toEqual(["1.8.0"]);
      expect(r.value.image).toEqual({ version: "1.7.0", created: "2026-01-01T00:00:00Z" });

      const strict = await resolveTag(registry, {
        repository: repo,
        policy: { semver: ">=1.2.0 <1.7.0" },
        current: "1.0.0",
        verify: { keys: [key.publicPem] },
        maxVerifyAttempts: 10,
      });
      expect(strict.ok && strict.value.tag).toBeNull();
      expect(strict.ok && strict.value.rejected.map((x) => x.tag)).toEqual([
        "1.6.0",
        "1.5.0",
        "1.4.0",
        "1.3.0",
        "1.2.0",
      ]);
      expect(strict.ok && strict.value.why).toMatch(
        /1\.5\.0 \(sha256:[0-9a-f]+\) is not proposed: no cosign signature found/,
      );
      expect(strict.ok && strict.value.why).toMatch(
        /No verified image: 5 newest candidates refused\.$/,
      );
    });

    it("with an RSA key, only the RSA-signed image verifies", async () => {
      const r = await resolveTag(registry, {
        repository: repo,
        policy: { semver: "^1" },
        current: "1.0.0",
        verify: { keys: [rsa.publicPem] },
      });
      expect(r.ok && [r.value.tag, r.value.signature?.keyId]).toEqual([
        "1.8.0",
        keyId(rsa.publicPem),
      ]);
    });

    it("a bad key file is reported, and nothing is proposed", async () => {
      const r = await resolveTag(registry, {
        repository: repo,
        policy: { semver: "^1" },
        current: "1.0.0",
        verify: { keys: ["not a key"] },
        maxVerifyAttempts: 1,
      });
      expect(r.ok && r.value.tag).toBeNull();
      expect(r.ok && r.value.rejected[0]?.reason).toMatch(/^cosign key 1: not a PEM public key/);
    });
  },
);
