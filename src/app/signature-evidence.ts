import type { Result } from "../core/result.js";
import { err, ok } from "../core/result.js";
import {
  COSIGN_SIG_ARTIFACT_TYPE,
  SIGSTORE_BUNDLE_ARTIFACT_TYPE,
  signatureTag,
} from "../core/signatures/layout.js";
import type { SignatureEvidence, SignatureLayout } from "../core/signatures/verdict.js";
import type { Manifest, Registry, RegistryError } from "../ports/registry.js";

const SIGNATURE_ARTIFACTS = new Set([COSIGN_SIG_ARTIFACT_TYPE, SIGSTORE_BUNDLE_ARTIFACT_TYPE]);
const MAX_ARTIFACTS = 10;
const MAX_LAYERS = 10;

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
  const evidence: SignatureEvidence[] = [];
  const tag = signatureTag(digest);
  const looked = [`tag ${tag}`];
  const classic = await registry.getManifest(repository, tag);
  if (classic.ok) {
    const layers = await layersOf(registry, repository, classic.value, "tag");
    if (!layers.ok) return layers;
    evidence.push(...layers.value);
  } else if (classic.error.code !== "not-found") return classic;

  const refs = await registry.getReferrers(repository, digest);
  if (!refs.ok) return refs;
  looked.push(
    refs.value.via === "api" ? "referrers API" : `referrers tag ${digest.replace(":", "-")}`,
  );
  const candidates = refs.value.descriptors.filter(
    (d) => d.artifactType === undefined || SIGNATURE_ARTIFACTS.has(d.artifactType),
  );
  for (const d of candidates.slice(0, MAX_ARTIFACTS)) {
    const m = await registry.getManifest(repository, d.digest);
    if (!m.ok) return m;
    const type = m.value.artifactType ?? m.value.config?.mediaType;
    if (type === undefined || !SIGNATURE_ARTIFACTS.has(type)) continue;
    if (m.value.subject && m.value.subject.digest !== digest) continue;
    const layers = await layersOf(registry, repository, m.value, "referrers");
    if (!layers.ok) return layers;
    evidence.push(...layers.value);
  }
  return ok({ evidence, looked });
}

/** Every layer of a signature or attestation artifact (at most 10), with its bytes. */
export async function layersOf(
  registry: Registry,
  repository: string,
  manifest: Manifest,
  layout: SignatureLayout,
): Promise<Result<SignatureEvidence[], RegistryError>> {
  if (manifest.kind !== "image")
    return err({
      code: "invalid-response",
      repository,
      message: `${repository}@${manifest.digest}: a signature artifact must be an image manifest`,
    });
  const out: SignatureEvidence[] = [];
  for (const layer of manifest.layers.slice(0, MAX_LAYERS)) {
    const blob = await registry.getBlob(repository, layer.digest);
    if (!blob.ok) return blob;
    out.push({
      layout,
      artifact: manifest.digest,
      mediaType: layer.mediaType,
      annotations: layer.annotations ?? {},
      content: blob.value,
    });
  }
  return ok(out);
}
