import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { SignatureEvidence } from "../../../src/core/signatures/index.js";
import {
  COSIGN_SIGNATURE_ANNOTATION,
  SIMPLE_SIGNING_MEDIA_TYPE,
  parsePublicKey,
  parseSimpleSigning,
  verifyImageSignature,
} from "../../../src/core/signatures/index.js";
import {
  OTHER_DIGEST as other,
  manifestDigest as digest,
  ecdsaKey,
  ed25519Key,
  manifestBytes,
  publicKeyOf as pub,
  rsaKey,
  signB64,
  simpleSigningPayload,
} from "./cosign-fixtures.js";

const ec = ecdsaKey();
const rsa = rsaKey();
const stranger = ecdsaKey();

function layer(
  payload: Uint8Array,
  signature: string | null,
  mediaType = SIMPLE_SIGNING_MEDIA_TYPE,
): SignatureEvidence {
  return {
    layout: "tag",
    artifact: other,
    mediaType,
    annotations: signature === null ? {} : { [COSIGN_SIGNATURE_ANNOTATION]: signature },
    content: payload,
  };
}

const signed = (key = ec, d = digest) => {
  const payload = simpleSigningPayload(d, "registry.example/acme/api");
  return layer(payload, signB64(key, payload));
};

describe("cosign simple-signing verification", () => {
  const image = { digest, manifestBytes };
  const keys = [pub(ec.publicPem)];

  it("verifies a valid ECDSA P-256 signature and names the key", () => {
    const v = verifyImageSignature(image, [signed()], { keys });
    expect(v).toEqual({ verified: true, keyId: keys[0]?.keyId, layout: "tag", checked: 1 });
    expect(v.keyId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("verifies RSA (PKCS#1 v1.5) and Ed25519 keys", () => {
    const ed = ed25519Key();
    expect(
      verifyImageSignature(image, [signed(rsa)], { keys: [pub(rsa.publicPem)] }).verified,
    ).toBe(true);
    expect(verifyImageSignature(image, [signed(ed)], { keys: [pub(ed.publicPem)] }).verified).toBe(
      true,
    );
  });

  it("any configured key may verify; any valid layer suffices", () => {
    const v = verifyImageSignature(image, [signed(stranger), signed(rsa)], {
      keys: [pub(ec.publicPem), pub(rsa.publicPem)],
    });
    expect(v.verified && v.keyId).toBe(pub(rsa.publicPem).keyId);
  });

  const failures: [string, () => SignatureEvidence[], RegExp][] = [
    ["wrong key", () => [signed(stranger)], /does not verify with any configured key/],
    [
      "tampered payload",
      () => {
        const good = signed();
        const text = Buffer.from(good.content)
          .toString()
          .replace("registry.example", "evil.example");
        return [{ ...good, content: new TextEncoder().encode(text) }];
      },
      /does not verify with any configured key \(wrong key or altered payload\)/,
    ],
    [
      "digest mismatch (signature copied from another image)",
      () => [signed(ec, other)],
      new RegExp(`signed payload is for ${other}, not ${digest}`),
    ],
    ["missing signature", () => [], /^no cosign signature found$/],
    [
      "wrong media type",
      () => [{ ...signed(), mediaType: "application/vnd.oci.image.layer.v1.tar+gzip" }],
      /media type application\/vnd\.oci\.image\.layer\.v1\.tar\+gzip, not/,
    ],
    [
      "no signature annotation",
      () => [layer(simpleSigningPayload(digest, "x"), null)],
      /no dev\.cosignproject\.cosign\/signature annotation/,
    ],
    ["signature not base64", () => [layer(simpleSigningPayload(digest, "x"), "%%%")], /not base64/],
    [
      "wrong payload type",
      () => {
        const p = new TextEncoder().encode(
          JSON.stringify({
            critical: {
              identity: {},
              image: { "docker-manifest-digest": digest },
              type: "atomic container signature",
            },
          }),
        );
        return [layer(p, signB64(ec, p))];
      },
      /type is "atomic container signature"/,
    ],
  ];
  it.each(failures)("rejects: %s", (_name, evidence, reason) => {
    const v = verifyImageSignature(image, evidence(), { keys });
    expect(v.verified).toBe(false);
    expect(v.reason).toMatch(reason);
  });

  it("reports every distinct reason when several layers fail", () => {
    const v = verifyImageSignature(image, [signed(stranger), signed(ec, other)], { keys });
    expect(v.reason).toBe(
      `the signature does not verify with any configured key (wrong key or altered payload); the signed payload is for ${other}, not ${digest}`,
    );
  });

  it("reads a keyless signature in the classic layout as such, and names what is wrong with it", () => {
    const keyless = {
      ...signed(),
      annotations: {
        ...signed().annotations,
        "dev.sigstore.cosign/certificate": "-----BEGIN CERTIFICATE-----",
      },
    };
    const policy = {
      keys: [],
      keyless: { identity: "a@b.c", issuer: "https://i", trustedRoot: {} },
    };
    expect(verifyImageSignature(image, [keyless], policy).reason).toBe(
      "the dev.sigstore.cosign/certificate annotation holds no PEM certificate",
    );
    // With keys only, the layer is checked as a key-based signature (here, by a configured key).
    expect(verifyImageSignature(image, [keyless], { keys }).verified).toBe(true);
    expect(verifyImageSignature(image, [keyless], { keys: [] }).reason).toMatch(
      /no verification key/,
    );
  });

  it("refuses to verify without any key or identity", () => {
    expect(verifyImageSignature(image, [signed()], { keys: [] }).reason).toMatch(
      /no verification key/,
    );
  });
});

describe("public keys", () => {
  it("refuses private keys, certificates, short RSA keys and unsupported curves, by name", () => {
    const priv = ec.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(parsePublicKey(priv)).toEqual({
      ok: false,
      error: "a PRIVATE KEY was given; use the public key (cosign.pub), never the private one",
    });
    expect(
      parsePublicKey("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
    ).toEqual({ ok: false, error: 'a PEM "CERTIFICATE" was given; expected "PUBLIC KEY"' });
    expect(parsePublicKey(rsaKey(1024).publicPem)).toEqual({
      ok: false,
      error: "RSA key of 1024 bits is too short (2048 at least)",
    });
    const k1 = generateKeyPairSync("ec", { namedCurve: "secp256k1" })
      .publicKey.export({ type: "spki", format: "pem" })
      .toString();
    expect(parsePublicKey(k1)).toEqual({
      ok: false,
      error: "ECDSA curve secp256k1 is not supported (P-256, P-384, P-521)",
    });
    expect(parsePublicKey("hello").ok).toBe(false);
  });
  it("reads the payload's digest whatever the case of its field names", () => {
    const p = new TextEncoder().encode(
      '{"critical":{"Identity":{"docker-reference":"x"},"Image":{"Docker-manifest-digest":"sha256:ab"},"Type":"cosign container image signature"},"optional":{"creator":"atomic"}}',
    );
    expect(parseSimpleSigning(p)).toEqual({
      ok: true,
      value: {
        manifestDigest: "sha256:ab",
        dockerReference: "x",
        type: "cosign container image signature",
        optional: { creator: "atomic" },
      },
    });
  });
});
