import { constants, verify } from "node:crypto";
import type { PublicKey } from "./keys.js";

/**
 * Whether `signature` is `key`'s signature over `data`: ECDSA with an ASN.1/DER signature, RSA
 * PKCS#1 v1.5 (cosign's default) or RSA-PSS, Ed25519. The building block for cosign payloads,
 * DSSE envelopes and attestations alike.
 */
export function verifyBytes(key: PublicKey, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (key.kind === "ed25519") return verify(null, data, key.key, signature);
    if (key.kind === "rsa")
      return (
        verify(key.hash, data, { key: key.key, padding: constants.RSA_PKCS1_PADDING }, signature) ||
        verify(
          key.hash,
          data,
          {
            key: key.key,
            padding: constants.RSA_PKCS1_PSS_PADDING,
            saltLength: constants.RSA_PSS_SALTLEN_AUTO,
          },
          signature,
        )
      );
    return verify(key.hash, data, { key: key.key, dsaEncoding: "der" }, signature);
  } catch {
    return false;
  }
}

/** Strict base64 (standard alphabet, padding optional); `null` when the text is not base64. */
export function decodeBase64(text: string): Uint8Array | null {
  const t = text.trim();
  if (t.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(t)) return null;
  return new Uint8Array(Buffer.from(t, "base64"));
}
