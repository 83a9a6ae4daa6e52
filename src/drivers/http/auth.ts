import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const sha256 = (value: string | Buffer): Buffer =>
  createHash("sha256").update(value).digest();

/**
 * Whether `value` is one of the secrets, given as their sha256 hashes. Comparing fixed-length
 * hashes with `timingSafeEqual` keeps the time independent of where the strings differ and of
 * their lengths; every configured secret is compared, so rotation slots are not distinguishable.
 */
export function matchesAnyHash(value: string, hashes: readonly Buffer[]): boolean {
  const candidate = sha256(value);
  let match = false;
  for (const hash of hashes) match = timingSafeEqual(candidate, hash) || match;
  return match;
}

/**
 * HMAC of the raw body bytes, compared in constant time against a hex signature
 * (`prefix` stripped: `sha256=` for the generic endpoint, none for Nexus).
 */
export function verifyHmac(
  raw: Buffer,
  signature: string | undefined,
  keys: readonly string[],
  algorithm: "sha1" | "sha256",
  prefix = "",
): boolean {
  if (!signature?.startsWith(prefix)) return false;
  const hex = signature.slice(prefix.length);
  const size = algorithm === "sha1" ? 20 : 32;
  if (hex.length !== size * 2 || !/^[0-9a-fA-F]+$/.test(hex)) return false;
  const provided = Buffer.from(hex, "hex");
  let match = false;
  for (const key of keys)
    match = timingSafeEqual(createHmac(algorithm, key).update(raw).digest(), provided) || match;
  return match;
}

/** `Authorization: Basic base64(user:password)` against a username and password hashes. */
export function verifyBasic(
  authorization: string | undefined,
  basic: { usernameHash: Buffer; passwordHashes: readonly Buffer[] },
): boolean {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/.exec(authorization ?? "");
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  const userOk = timingSafeEqual(sha256(decoded.slice(0, colon)), basic.usernameHash);
  const passwordOk = matchesAnyHash(decoded.slice(colon + 1), basic.passwordHashes);
  return userOk && passwordOk;
}
