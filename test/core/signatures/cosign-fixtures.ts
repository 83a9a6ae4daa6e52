import { createHash, generateKeyPairSync, sign } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { parsePublicKey } from "../../../src/core/signatures/index.js";
import type { PublicKey } from "../../../src/core/signatures/index.js";

/** Test keys and cosign-format signatures, made here with node:crypto (no cosign binary). */
export interface TestKey {
  privateKey: KeyObject;
  publicPem: string;
  hash: "sha256" | null;
}

export function ecdsaKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    privateKey,
    publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    hash: "sha256",
  };
}

export function rsaKey(bits = 2048): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  return {
    privateKey,
    publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    hash: "sha256",
  };
}

export function ed25519Key(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKey,
    publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    hash: null,
  };
}

/** ECDSA signatures are ASN.1 DER (cosign's encoding); RSA is PKCS#1 v1.5. Base64 out. */
export function signB64(key: TestKey, data: Uint8Array): string {
  return sign(key.hash, data, key.privateKey).toString("base64");
}

/** The exact payload `cosign sign` writes (key order and all). */
export function simpleSigningPayload(
  digest: string,
  reference: string,
  optional: Record<string, unknown> | null = null,
): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({
      critical: {
        identity: { "docker-reference": reference },
        image: { "docker-manifest-digest": digest },
        type: "cosign container image signature",
      },
      optional,
    }),
  );
}

export const sha256 = (b: Uint8Array): string =>
  `sha256:${createHash("sha256").update(b).digest("hex")}`;

/** The manifest the verification tests sign, and its digest. */
export const manifestBytes = new TextEncoder().encode(
  '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}',
);
export const manifestDigest = sha256(manifestBytes);
/** The digest of some other artifact (a signature copied from another image). */
export const OTHER_DIGEST = `sha256:${"e".repeat(64)}`;

/** A test key's public key as the verifier takes it; a PEM that does not parse fails the test. */
export function publicKeyOf(pem: string): PublicKey {
  const k = parsePublicKey(pem);
  if (!k.ok) throw new Error(k.error);
  return k.value;
}

export function pae(type: string, payload: Uint8Array): Uint8Array {
  return new Uint8Array(
    Buffer.concat([
      Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${payload.length} `),
      payload,
    ]),
  );
}

/** The in-toto statement cosign 3 signs for an image: `name` at `digest`, predicate cosign/sign/v1. */
export function signStatement(name: string, digest: string): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({
      _type: "https://in-toto.io/Statement/v1",
      subject: [{ name, digest: { sha256: digest.replace(/^sha256:/, "") } }],
      predicateType: "https://sigstore.dev/cosign/sign/v1",
      predicate: {},
    }),
  );
}

/** A cosign 3 style Sigstore bundle: DSSE over an in-toto statement naming the image digest. */
export function dsseBundle(
  key: TestKey,
  digest: string,
  name: string,
  material: Record<string, unknown> = { publicKey: { hint: "" }, tlogEntries: [] },
): { bundle: Record<string, unknown>; statement: Uint8Array } {
  const statement = signStatement(name, digest);
  const type = "application/vnd.in-toto+json";
  return {
    statement,
    bundle: {
      mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
      verificationMaterial: material,
      dsseEnvelope: {
        payload: Buffer.from(statement).toString("base64"),
        payloadType: type,
        signatures: [{ sig: signB64(key, pae(type, statement)), keyid: "" }],
      },
    },
  };
}

/** A Sigstore bundle with a message signature over the manifest bytes. */
export function messageBundle(key: TestKey, manifestBytes: Uint8Array): Record<string, unknown> {
  return {
    mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
    verificationMaterial: { publicKey: { hint: "" }, tlogEntries: [] },
    messageSignature: {
      messageDigest: {
        algorithm: "SHA2_256",
        digest: createHash("sha256").update(manifestBytes).digest("base64"),
      },
      signature: signB64(key, manifestBytes),
    },
  };
}
