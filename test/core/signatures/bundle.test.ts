import { describe, expect, it } from "vitest";
import type { SignatureEvidence } from "../../../src/core/signatures/index.js";
import { verifyImageSignature } from "../../../src/core/signatures/index.js";
import {
  OTHER_DIGEST as other,
  manifestDigest as digest,
  dsseBundle,
  ecdsaKey,
  manifestBytes,
  messageBundle,
  publicKeyOf as pub,
  rsaKey,
} from "./cosign-fixtures.js";

const ec = ecdsaKey();
const rsa = rsaKey();
const stranger = ecdsaKey();

describe("Sigstore bundles with a key (cosign 3 referrers layout)", () => {
  const image = { digest, manifestBytes };
  const keys = [pub(ec.publicPem)];
  const asLayer = (bundle: unknown): SignatureEvidence => ({
    layout: "referrers",
    artifact: other,
    mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
    annotations: {},
    content: new TextEncoder().encode(JSON.stringify(bundle)),
  });

  it("verifies a DSSE in-toto statement about the image", () => {
    const v = verifyImageSignature(image, [asLayer(dsseBundle(ec, digest, "acme/api").bundle)], {
      keys,
    });
    expect(v).toMatchObject({ verified: true, layout: "referrers" });
  });
  it("rejects a statement about another digest, and a wrong key", () => {
    expect(
      verifyImageSignature(image, [asLayer(dsseBundle(ec, other, "acme/api").bundle)], { keys })
        .reason,
    ).toMatch(/statement is about sha256:e+, not/);
    expect(
      verifyImageSignature(image, [asLayer(dsseBundle(stranger, digest, "acme/api").bundle)], {
        keys,
      }).reason,
    ).toMatch(/DSSE signature does not verify/);
  });
  it("verifies a message signature over the manifest bytes", () => {
    expect(
      verifyImageSignature(image, [asLayer(messageBundle(rsa, manifestBytes))], {
        keys: [pub(rsa.publicPem)],
      }).verified,
    ).toBe(true);
    const forged = new TextEncoder().encode(`${Buffer.from(manifestBytes).toString()} `);
    expect(
      verifyImageSignature(image, [asLayer(messageBundle(rsa, forged))], {
        keys: [pub(rsa.publicPem)],
      }).reason,
    ).toMatch(/signature is for sha256:/);
  });
  it("a keyless bundle without a configured identity says so", () => {
    const { bundle } = dsseBundle(ec, digest, "acme/api", {
      certificate: { rawBytes: "AAAA" },
      tlogEntries: [],
    });
    expect(verifyImageSignature(image, [asLayer(bundle)], { keys }).reason).toMatch(
      /keyless .* no keyless identity is configured/,
    );
  });
  it("garbage in a bundle layer is a reason, not a crash", () => {
    const v = verifyImageSignature(
      image,
      [{ ...asLayer({}), content: new TextEncoder().encode("{nope") }],
      { keys },
    );
    expect(v.reason).toBe("the Sigstore bundle is not JSON");
  });
});
