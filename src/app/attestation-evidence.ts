import type { Result } from "../core/result.js";
import { attestationTag, isAttestationArtifact } from "../core/gates/envelope.js";
import type { Registry, RegistryError } from "../ports/registry.js";
import type { ArtifactSearch } from "./artifact-layers.js";
import { fetchArtifactLayers } from "./artifact-layers.js";

const MAX_ARTIFACTS = 20;
/** cosign 3 annotates its referrers; an image signature's bundle is not an attestation. */
const PREDICATE_ANNOTATION = "dev.sigstore.bundle.predicateType";
const COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

/** Attestation layers, and where they were looked for: `tag sha256-….att`, `referrers API`. */
export type AttestationSearch = ArtifactSearch;

/**
 * Every attestation layer stored for `digest`: cosign's `sha256-<hex>.att` tag (DSSE envelope
 * layers) and OCI 1.1 referrers (the API, or its fallback tag) whose artifact type is a DSSE
 * envelope or a Sigstore bundle. Nothing is verified here. A registry failure is an error;
 * "no attestation" is an empty list.
 */
export function fetchAttestationEvidence(
  registry: Registry,
  repository: string,
  digest: string,
): Promise<Result<AttestationSearch, RegistryError>> {
  return fetchArtifactLayers(registry, repository, digest, {
    tag: attestationTag(digest),
    accepts: isAttestationArtifact,
    excludes: (d) => d.annotations?.[PREDICATE_ANNOTATION] === COSIGN_SIGN_PREDICATE,
    maxArtifacts: MAX_ARTIFACTS,
  });
}
