import type { Result } from "../core/result.js";
import { ok } from "../core/result.js";
import { attestationTag, isAttestationArtifact } from "../core/gates/envelope.js";
import type { SignatureEvidence } from "../core/signatures/verdict.js";
import type { Registry, RegistryError } from "../ports/registry.js";
import { layersOf } from "./signature-evidence.js";

const MAX_ARTIFACTS = 20;
/** cosign 3 annotates its referrers; an image signature's bundle is not an attestation. */
const PREDICATE_ANNOTATION = "dev.sigstore.bundle.predicateType";
const COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

export interface AttestationSearch {
  layers: SignatureEvidence[];
  /** Where attestations were looked for, for reasons: `tag sha256-….att`, `referrers API`. */
  looked: string[];
}

/**
 * Every attestation layer stored for `digest`: cosign's `sha256-<hex>.att` tag (DSSE envelope
 * layers) and OCI 1.1 referrers (the API, or its fallback tag) whose artifact type is a DSSE
 * envelope or a Sigstore bundle. Nothing is verified here. A registry failure is an error;
 * "no attestation" is an empty list.
 */
export async function fetchAttestationEvidence(
  registry: Registry,
  repository: string,
  digest: string,
): Promise<Result<AttestationSearch, RegistryError>> {
  const layers: SignatureEvidence[] = [];
  const tag = attestationTag(digest);
  const looked = [`tag ${tag}`];
  const classic = await registry.getManifest(repository, tag);
  if (classic.ok) {
    const found = await layersOf(registry, repository, classic.value, "tag");
    if (!found.ok) return found;
    layers.push(...found.value);
  } else if (classic.error.code !== "not-found") return classic;

  const refs = await registry.getReferrers(repository, digest);
  if (!refs.ok) return refs;
  looked.push(
    refs.value.via === "api" ? "referrers API" : `referrers tag ${digest.replace(":", "-")}`,
  );
  const candidates = refs.value.descriptors.filter(
    (d) =>
      (d.artifactType === undefined || isAttestationArtifact(d.artifactType)) &&
      d.annotations?.[PREDICATE_ANNOTATION] !== COSIGN_SIGN_PREDICATE,
  );
  for (const d of candidates.slice(0, MAX_ARTIFACTS)) {
    const m = await registry.getManifest(repository, d.digest);
    if (!m.ok) return m;
    const type = m.value.artifactType ?? m.value.config?.mediaType;
    if (type === undefined || !isAttestationArtifact(type)) continue;
    if (m.value.subject && m.value.subject.digest !== digest) continue;
    const found = await layersOf(registry, repository, m.value, "referrers");
    if (!found.ok) return found;
    layers.push(...found.value);
  }
  return ok({ layers, looked });
}
