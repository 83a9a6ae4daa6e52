import { bundleFromJSON } from "@sigstore/bundle";
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

export function verifyKeyless(
  bundleJson: unknown,
  image: ImageSubject,
  policy: KeylessPolicy,
): Result<string, string> {
  try {
    const bundle = bundleFromJSON(bundleJson);
    const root = TrustedRoot.fromJSON(policy.trustedRoot);
    const verifier = new Verifier(toTrustMaterial(root), {
      tlogThreshold: policy.tlogThreshold ?? 1,
      ctlogThreshold: policy.ctlogThreshold ?? 1,
      tsaThreshold: 0,
    });
    const entity = toSignedEntity(
      bundle,
      image.manifestBytes ? Buffer.from(image.manifestBytes) : undefined,
    );
    // The library reads the identity as an unanchored regular expression; ours is an exact match.
    const exact = `^${policy.identity.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
    verifier.verify(entity, {
      subjectAlternativeName: exact,
      extensions: { issuer: policy.issuer },
    });
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
  } catch (e) {
    return err(`keyless verification failed: ${(e as Error).message}`);
  }
}
