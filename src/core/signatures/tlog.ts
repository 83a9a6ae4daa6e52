import { bundleFromJSON } from "@sigstore/bundle";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { Verifier, toSignedEntity, toTrustMaterial } from "@sigstore/verify";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import type { PublicKey } from "./keys.js";

/**
 * Key-based signatures must also be in a transparency log of `trustedRoot` (a locally configured
 * `trusted_root.json`), as `cosign verify --key` requires unless `--insecure-ignore-tlog`.
 */
export interface TlogPolicy {
  trustedRoot: unknown;
}

/**
 * Checks the transparency-log entries of a bundle whose signature `key` has already verified:
 * each entry's signed entry timestamp (or inclusion proof against a signed checkpoint) verifies
 * with a log of the trusted root, and its body records this very signature and digest. At least
 * one entry is required. `artifact` is the signed bytes of a message signature.
 */
export function verifyKeyedTlog(
  bundleJson: unknown,
  key: PublicKey,
  artifact: Uint8Array | undefined,
  policy: TlogPolicy,
): Result<true, string> {
  try {
    const bundle = bundleFromJSON(bundleJson);
    if (bundle.verificationMaterial.tlogEntries.length === 0)
      return err("the signature has no transparency-log entry, and the rule requires one");
    const material = toTrustMaterial(TrustedRoot.fromJSON(policy.trustedRoot), () => ({
      publicKey: key.key,
      validFor: () => true,
    }));
    const verifier = new Verifier(material, {
      tlogThreshold: 1,
      ctlogThreshold: 0,
      timestampThreshold: 1,
    });
    const entity = toSignedEntity(bundle, artifact ? Buffer.from(artifact) : undefined);
    const content = entity.signature;
    // The signature itself was verified with the key's own digest (the library would assume
    // SHA-256, wrong for P-384/P-521): only the log is checked here.
    verifier.verify({
      ...entity,
      signature: {
        signature: content.signature,
        compareSignature: (s) => content.compareSignature(s),
        compareDigest: (d) => content.compareDigest(d),
        verifySignature: () => true,
      },
    });
    return ok(true);
  } catch (e) {
    return err(`transparency-log check failed: ${(e as Error).message}`);
  }
}
