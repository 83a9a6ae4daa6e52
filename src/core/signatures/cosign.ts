import { SIGSTORE_BUNDLE_MEDIA_TYPE, parseBundle, verifyBundleWithKeys } from "./bundle.js";
import type { ImageSubject } from "./bundle.js";
import type { PublicKey } from "./keys.js";
import { COSIGN_CERTIFICATE_ANNOTATION, classicLayerBundle } from "./classic-bundle.js";
import { verifyCertifiedBundle, verifyKeyless } from "./keyless.js";
import { verifyKeyedTlog } from "./tlog.js";
import type { TlogPolicy } from "./tlog.js";
import type { KeylessPolicy } from "./keyless.js";
import {
  COSIGN_SIGNATURE_ANNOTATION,
  COSIGN_TYPE,
  SIMPLE_SIGNING_MEDIA_TYPE,
  parseSimpleSigning,
} from "./simple-signing.js";
import type { SignatureEvidence, SignatureVerdict } from "./verdict.js";
import { decodeBase64, verifyBytes } from "./verify-bytes.js";

/** What must hold before an image is proposed: any configured key, or the keyless identity. */
export interface VerifyPolicy {
  keys: readonly PublicKey[];
  keyless?: KeylessPolicy;
  /** Key-based signatures count only with a verified transparency-log entry. */
  tlog?: TlogPolicy;
}

type Outcome = { ok: true; keyId: string } | { ok: false; reason: string };

/**
 * Verifies an image against the signature layers found for it (both layouts). The image is
 * verified when any layer verifies; otherwise the reason names what was wrong with each kind of
 * layer (wrong media type, payload for another digest, no matching key, …).
 */
export function verifyImageSignature(
  image: ImageSubject,
  evidence: readonly SignatureEvidence[],
  policy: VerifyPolicy,
): SignatureVerdict {
  if (policy.keys.length === 0 && !policy.keyless)
    return {
      verified: false,
      reason: "no verification key or keyless identity is configured",
      checked: 0,
    };
  if (evidence.length === 0)
    return { verified: false, reason: "no cosign signature found", checked: 0 };
  const reasons: string[] = [];
  for (const layer of evidence) {
    const outcome = verifyLayer(image, layer, policy);
    if (outcome.ok)
      return {
        verified: true,
        keyId: outcome.keyId,
        layout: layer.layout,
        checked: evidence.length,
      };
    if (!reasons.includes(outcome.reason)) reasons.push(outcome.reason);
  }
  const shown = reasons.slice(0, 3).join("; ");
  return {
    verified: false,
    reason: reasons.length > 3 ? `${shown}; …` : shown,
    checked: evidence.length,
  };
}

function verifyLayer(image: ImageSubject, layer: SignatureEvidence, policy: VerifyPolicy): Outcome {
  if (layer.mediaType === SIMPLE_SIGNING_MEDIA_TYPE)
    return layer.annotations[COSIGN_CERTIFICATE_ANNOTATION] !== undefined && policy.keyless
      ? verifyClassicKeyless(image, layer, policy.keyless)
      : verifySimpleSigning(image, layer, policy.keys, policy.tlog);
  if (SIGSTORE_BUNDLE_MEDIA_TYPE.test(layer.mediaType))
    return verifyBundleLayer(image, layer, policy);
  return {
    ok: false,
    reason: `a signature layer has media type ${layer.mediaType}, not ${SIMPLE_SIGNING_MEDIA_TYPE} or a Sigstore bundle`,
  };
}

function verifySimpleSigning(
  image: ImageSubject,
  layer: SignatureEvidence,
  keys: readonly PublicKey[],
  tlog: TlogPolicy | undefined,
): Outcome {
  const annotation = layer.annotations[COSIGN_SIGNATURE_ANNOTATION];
  if (annotation === undefined)
    return {
      ok: false,
      reason: `a signature layer has no ${COSIGN_SIGNATURE_ANNOTATION} annotation`,
    };
  const signature = decodeBase64(annotation);
  if (!signature) return { ok: false, reason: "a signature annotation is not base64" };
  if (keys.length === 0)
    return {
      ok: false,
      reason: layer.annotations[COSIGN_CERTIFICATE_ANNOTATION]
        ? "a keyless signature (certificate annotation) was found but no keyless identity is configured"
        : "a key-based signature was found but only a keyless identity is configured",
    };
  const key = keys.find((k) => verifyBytes(k, layer.content, signature));
  if (!key)
    return {
      ok: false,
      reason:
        "the signature does not verify with any configured key (wrong key or altered payload)",
    };
  const checked = payloadFor(image, layer.content, key.keyId);
  if (!checked.ok || !tlog) return checked;
  const bundle = classicLayerBundle(
    { kind: "message", payload: layer.content },
    layer.annotations,
    annotation,
    "key",
  );
  if (!bundle.ok) return { ok: false, reason: bundle.error };
  const logged = verifyKeyedTlog(bundle.value, key, layer.content, tlog);
  return logged.ok ? checked : { ok: false, reason: logged.error };
}

/** cosign 2's keyless `.sig` layer: certificate and Rekor entry in annotations, checked as a bundle. */
function verifyClassicKeyless(
  image: ImageSubject,
  layer: SignatureEvidence,
  keyless: KeylessPolicy,
): Outcome {
  const bundle = classicLayerBundle(
    { kind: "message", payload: layer.content },
    layer.annotations,
    layer.annotations[COSIGN_SIGNATURE_ANNOTATION],
  );
  if (!bundle.ok) return { ok: false, reason: bundle.error };
  const verified = verifyCertifiedBundle(bundle.value, layer.content, keyless);
  if (!verified.ok) return { ok: false, reason: verified.error };
  return payloadFor(image, layer.content, `${keyless.identity} (${keyless.issuer})`);
}

/** The verified simple-signing payload must be cosign's and name the image's digest. */
function payloadFor(image: ImageSubject, content: Uint8Array, keyId: string): Outcome {
  const payload = parseSimpleSigning(content);
  if (!payload.ok) return { ok: false, reason: payload.error };
  if (payload.value.type.toLowerCase() !== COSIGN_TYPE)
    return {
      ok: false,
      reason: `the signed payload's type is "${payload.value.type}", not "${COSIGN_TYPE}"`,
    };
  if (payload.value.manifestDigest !== image.digest)
    return {
      ok: false,
      reason: `the signed payload is for ${payload.value.manifestDigest}, not ${image.digest}`,
    };
  return { ok: true, keyId };
}

function verifyBundleLayer(
  image: ImageSubject,
  layer: SignatureEvidence,
  policy: VerifyPolicy,
): Outcome {
  const bundle = parseBundle(layer.content);
  if (!bundle.ok) return { ok: false, reason: bundle.error };
  const material = bundle.value.verificationMaterial;
  const certified = "certificate" in material || "x509CertificateChain" in material;
  if (certified) {
    if (!policy.keyless)
      return {
        ok: false,
        reason: "a keyless (certificate) signature was found but no keyless identity is configured",
      };
    const r = verifyKeyless(
      JSON.parse(Buffer.from(layer.content).toString("utf8")),
      image,
      policy.keyless,
    );
    return r.ok ? { ok: true, keyId: r.value } : { ok: false, reason: r.error };
  }
  if (policy.keys.length === 0)
    return { ok: false, reason: "a key-based bundle was found but no key is configured" };
  const r = verifyBundleWithKeys(bundle.value, image, policy.keys);
  if (!r.ok) return { ok: false, reason: r.error };
  if (policy.tlog) {
    const json: unknown = JSON.parse(Buffer.from(layer.content).toString("utf8"));
    const logged = verifyKeyedTlog(json, r.value, image.manifestBytes, policy.tlog);
    if (!logged.ok) return { ok: false, reason: logged.error };
  }
  return { ok: true, keyId: r.value.keyId };
}
