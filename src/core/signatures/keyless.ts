import { bundleFromJSON } from "@sigstore/bundle";
import type { Bundle } from "@sigstore/bundle";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { Verifier, toSignedEntity, toTrustMaterial } from "@sigstore/verify";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import { parseStatement, statementCovers } from "./in-toto.js";
import type { ImageSubject } from "./bundle.js";

/**
 * Sigstore keyless: a Fulcio-style certificate whose SAN is `identity` and whose OIDC-issuer
 * extension is `issuer`, chaining to a CA of `trustedRoot` (a locally configured
 * `trusted_root.json`), with a transparency-log entry whose signed timestamp is from a log of the
 * same root. Nothing is fetched: the trusted root is data the operator provides.
 */
export interface KeylessPolicy {
  identity: string;
  issuer: string;
  trustedRoot: unknown;
  /** Transparency-log entries required (default 1). */
  tlogThreshold?: number;
  /** Signed certificate timestamps required (default 1; 0 for a private CA without CT). */
  ctlogThreshold?: number;
}

/**
 * Checks that `json` is a Sigstore `trusted_root.json` whose keys and certificates parse, naming at
 * least one certificate authority or transparency log. Read once (at start-up, or per CLI run).
 */
export function parseTrustedRoot(json: unknown): Result<TrustedRoot, string> {
  try {
    const root = TrustedRoot.fromJSON(json);
    toTrustMaterial(root);
    if (root.certificateAuthorities.length === 0 && root.tlogs.length === 0)
      return err("the trusted root names no certificate authority and no transparency log");
    return ok(root);
  } catch (e) {
    return err(`not a Sigstore trusted root: ${(e as Error).message}`);
  }
}

/**
 * Verifies a bundle's certificate, transparency-log entries and signature over `artifact` (the
 * signed bytes of a message signature; unused for DSSE) against the policy. What was signed is
 * the caller's to check.
 */
export function verifyCertifiedBundle(
  bundleJson: unknown,
  artifact: Uint8Array | undefined,
  policy: KeylessPolicy,
): Result<Bundle, string> {
  try {
    const bundle = bundleFromJSON(bundleJson);
    const root = TrustedRoot.fromJSON(policy.trustedRoot);
    const verifier = new Verifier(toTrustMaterial(root), {
      tlogThreshold: policy.tlogThreshold ?? 1,
      ctlogThreshold: policy.ctlogThreshold ?? 1,
      tsaThreshold: 0,
    });
    const entity = toSignedEntity(bundle, artifact ? Buffer.from(artifact) : undefined);
    // The library reads the identity as an unanchored regular expression; ours is an exact match.
    const exact = `^${policy.identity.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
    verifier.verify(entity, {
      subjectAlternativeName: exact,
      extensions: { issuer: policy.issuer },
    });
    return ok(bundle);
  } catch (e) {
    return err(`keyless verification failed: ${(e as Error).message}`);
  }
}

export function verifyKeyless(
  bundleJson: unknown,
  image: ImageSubject,
  policy: KeylessPolicy,
): Result<string, string> {
  const verified = verifyCertifiedBundle(bundleJson, image.manifestBytes, policy);
  if (!verified.ok) return verified;
  const bundle = verified.value;
  if (bundle.content.$case === "dsseEnvelope") {
    const statement = parseStatement(bundle.content.dsseEnvelope.payload);
    if (!statement.ok) return statement;
    if (!statementCovers(statement.value, image.digest))
      return err(`the signed statement is not about ${image.digest}`);
  } else if (
    Buffer.from(bundle.content.messageSignature.messageDigest?.digest ?? []).toString("hex") !==
    image.digest.replace(/^sha256:/, "")
  ) {
    return err(`the message signature is not for ${image.digest}`);
  }
  return ok(`${policy.identity} (${policy.issuer})`);
}
