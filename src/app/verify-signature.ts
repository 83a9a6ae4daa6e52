import { fetchSignatureEvidence } from "./signature-evidence.js";
import { SIGSTORE_BUNDLE_MEDIA_TYPE } from "../core/signatures/bundle.js";
import { verifyImageSignature } from "../core/signatures/cosign.js";
import type { VerifyPolicy } from "../core/signatures/cosign.js";
import { parsePublicKey } from "../core/signatures/keys.js";
import type { PublicKey } from "../core/signatures/keys.js";
import type { KeylessPolicy } from "../core/signatures/keyless.js";
import type { TlogPolicy } from "../core/signatures/tlog.js";
import type { SignatureVerdict } from "../core/signatures/verdict.js";
import type { Registry } from "../ports/registry.js";

/** What an image must carry before it is proposed (the `verify.cosign` block, keys already read). */
export interface VerificationConfig {
  /** PEM public keys; any one verifying is enough. */
  keys: readonly string[];
  keyless?: KeylessPolicy;
  /** Key-based signatures count only with a verified transparency-log entry. */
  tlog?: TlogPolicy;
}

export interface ImageVerdict extends SignatureVerdict {
  /** Where signatures were looked for. */
  looked: string[];
}

/** Fetches the signatures of `repository@digest` (both layouts) and verifies them. Never throws. */
export async function verifyImage(
  registry: Registry,
  repository: string,
  digest: string,
  config: VerificationConfig,
): Promise<ImageVerdict> {
  const keys: PublicKey[] = [];
  for (const [i, pem] of config.keys.entries()) {
    const key = parsePublicKey(pem);
    if (!key.ok)
      return {
        verified: false,
        reason: `cosign key ${i + 1}: ${key.error}`,
        checked: 0,
        looked: [],
      };
    keys.push(key.value);
  }
  const policy: VerifyPolicy = {
    keys,
    ...(config.keyless && { keyless: config.keyless }),
    ...(config.tlog && { tlog: config.tlog }),
  };
  const found = await fetchSignatureEvidence(registry, repository, digest);
  if (!found.ok)
    return {
      verified: false,
      reason: `signatures could not be read: ${found.error.message}`,
      checked: 0,
      looked: [],
    };
  const { evidence, looked } = found.value;
  let manifestBytes: Uint8Array | undefined;
  if (evidence.some((e) => SIGSTORE_BUNDLE_MEDIA_TYPE.test(e.mediaType))) {
    const m = await registry.getManifest(repository, digest);
    if (m.ok) manifestBytes = m.value.bytes;
  }
  const verdict = verifyImageSignature(
    manifestBytes ? { digest, manifestBytes } : { digest },
    evidence,
    policy,
  );
  if (!verdict.verified && verdict.checked === 0)
    return {
      ...verdict,
      reason: `no cosign signature found (looked at ${looked.join(" and ")})`,
      looked,
    };
  return { ...verdict, looked };
}
