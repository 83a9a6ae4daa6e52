import type { Result } from "../core/result.js";
import { ok } from "../core/result.js";
import {
  COSIGN_SIG_ARTIFACT_TYPE,
  SIGSTORE_BUNDLE_ARTIFACT_TYPE,
  signatureTag,
} from "../core/signatures/layout.js";
import type { SignatureEvidence } from "../core/signatures/verdict.js";
import type { Registry, RegistryError } from "../ports/registry.js";
import { fetchArtifactLayers } from "./artifact-layers.js";

const SIGNATURE_ARTIFACTS = new Set([COSIGN_SIG_ARTIFACT_TYPE, SIGSTORE_BUNDLE_ARTIFACT_TYPE]);
const MAX_ARTIFACTS = 10;

export interface EvidenceSearch {
  evidence: SignatureEvidence[];
  /** Where signatures were looked for, for the report: `tag sha256-….sig`, `referrers (api)`. */
  looked: string[];
}

/**
 * Every signature layer stored for `digest`, from both layouts: cosign's `sha256-<hex>.sig` tag,
 * and OCI 1.1 referrers (the API, or its fallback tag) whose artifact type is a cosign signature or
 * a Sigstore bundle. A registry failure is an error; "no signature" is an empty list.
 */
export async function fetchSignatureEvidence(
  registry: Registry,
  repository: string,
  digest: string,
): Promise<Result<EvidenceSearch, RegistryError>> {
  const found = await fetchArtifactLayers(registry, repository, digest, {
    tag: signatureTag(digest),
    accepts: (type) => SIGNATURE_ARTIFACTS.has(type),
    maxArtifacts: MAX_ARTIFACTS,
  });
  if (!found.ok) return found;
  return ok({ evidence: found.value.layers, looked: found.value.looked });
}
