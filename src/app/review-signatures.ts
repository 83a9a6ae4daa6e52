import type { SignatureFact } from "../core/review/rules/context.js";
import { isPem } from "../core/review/report/signature-targets.js";
import type { SignatureTarget } from "../core/review/report/signature-targets.js";
import type { Registry } from "../ports/registry.js";
import { NO_TRUSTED_ROOT, keylessPolicy, tlogPolicy } from "./keyless-policy.js";
import { verifyImage } from "./verify-signature.js";
import type { VerificationConfig } from "./verify-signature.js";

export interface SignatureDeps {
  /** The registry, made on first use: a review without `verify.cosign` never needs one. */
  registry: () => Promise<Registry>;
  /** Sigstore trusted root (JSON) for keyless verification; keyless fails without it. */
  trustedRoot?: unknown;
}

/**
 * Verifies each target through the registry and returns the facts the `image-signature` rule
 * reports. A key that cannot be read, a tag the registry does not know, or a registry failure
 * is a failed verdict with its reason: an image that cannot be shown to be signed is not.
 */
export async function signatureFacts(
  targets: readonly SignatureTarget[],
  keyTexts: Readonly<Record<string, string | null>>,
  deps: SignatureDeps,
): Promise<SignatureFact[]> {
  if (targets.length === 0) return [];
  const registry = await deps.registry();
  const facts: SignatureFact[] = [];
  for (const t of targets) {
    const fact = (reason: string): SignatureFact => ({
      repository: t.repository,
      tag: t.tag,
      digest: t.digest,
      verdict: { verified: false, reason, checked: 0 },
    });
    const config = verification(t, keyTexts, deps.trustedRoot);
    if (typeof config === "string") {
      facts.push(fact(config));
      continue;
    }
    let digest = t.digest;
    if (digest === null) {
      const resolved = await registry.getDigest(t.repository, t.tag ?? "latest");
      if (!resolved.ok) {
        facts.push(
          fact(
            `${t.repository}:${t.tag ?? "latest"} could not be resolved: ${resolved.error.message}`,
          ),
        );
        continue;
      }
      digest = resolved.value;
    }
    const verdict = await verifyImage(registry, t.repository, digest, config);
    facts.push({
      repository: t.repository,
      tag: t.tag,
      digest: t.digest,
      verdict: {
        verified: verdict.verified,
        checked: verdict.checked,
        ...(verdict.keyId !== undefined && { keyId: verdict.keyId }),
        ...(verdict.layout !== undefined && { layout: verdict.layout }),
        ...(verdict.reason !== undefined && { reason: verdict.reason }),
      },
    });
  }
  return facts;
}

function verification(
  t: SignatureTarget,
  keyTexts: Readonly<Record<string, string | null>>,
  trustedRoot: unknown,
): VerificationConfig | string {
  const keys: string[] = [];
  for (const k of t.keys) {
    if (isPem(k)) keys.push(k);
    else {
      const text = keyTexts[k];
      if (!text) return `cosign key ${k} is not on the default branch`;
      keys.push(text);
    }
  }
  const keyless = keylessPolicy(t.keyless, trustedRoot);
  const tlog = tlogPolicy(t.tlog, trustedRoot);
  if (typeof tlog === "string") return tlog;
  if (keys.length === 0 && !keyless)
    return t.keyless ? NO_TRUSTED_ROOT : "verify.cosign names no key";
  return { keys, ...(keyless && { keyless }), ...(tlog && { tlog }) };
}
