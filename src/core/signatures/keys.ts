import { createHash, createPublicKey } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";

/** A verification key as cosign uses them: ECDSA (P-256/384/521), RSA (≥ 2048 bits), Ed25519. */
export interface PublicKey {
  key: KeyObject;
  kind: "ecdsa-p256" | "ecdsa-p384" | "ecdsa-p521" | "rsa" | "ed25519";
  /** `sha256:<hex>` of the DER SubjectPublicKeyInfo: a stable name for the key in reports. */
  keyId: string;
  /** Digest the signature scheme hashes with; `null` for Ed25519 (hashes internally). */
  hash: "sha256" | "sha384" | "sha512" | null;
}

const CURVES = {
  prime256v1: ["ecdsa-p256", "sha256"],
  secp384r1: ["ecdsa-p384", "sha384"],
  secp521r1: ["ecdsa-p521", "sha512"],
} as const;

/** Parses a PEM `PUBLIC KEY` (cosign.pub). Private keys and certificates are refused by name. */
export function parsePublicKey(pem: string): Result<PublicKey, string> {
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1];
  if (label === undefined) return err("not a PEM public key (no -----BEGIN PUBLIC KEY----- block)");
  if (label.includes("PRIVATE"))
    return err(`a ${label} was given; use the public key (cosign.pub), never the private one`);
  if (label !== "PUBLIC KEY" && label !== "RSA PUBLIC KEY")
    return err(`a PEM "${label}" was given; expected "PUBLIC KEY"`);
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (e) {
    return err(`unreadable public key: ${(e as Error).message}`);
  }
  const keyId = `sha256:${createHash("sha256")
    .update(key.export({ type: "spki", format: "der" }))
    .digest("hex")}`;
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case "ec": {
      const curve = CURVES[details.namedCurve as keyof typeof CURVES] as
        (typeof CURVES)[keyof typeof CURVES] | undefined;
      if (!curve)
        return err(
          `ECDSA curve ${details.namedCurve ?? "?"} is not supported (P-256, P-384, P-521)`,
        );
      return ok({ key, kind: curve[0], hash: curve[1], keyId });
    }
    case "rsa":
      if ((details.modulusLength ?? 0) < 2048)
        return err(`RSA key of ${details.modulusLength ?? 0} bits is too short (2048 at least)`);
      return ok({ key, kind: "rsa", hash: "sha256", keyId });
    case "ed25519":
      return ok({ key, kind: "ed25519", hash: null, keyId });
    default:
      return err(`${key.asymmetricKeyType ?? "unknown"} keys are not supported`);
  }
}
