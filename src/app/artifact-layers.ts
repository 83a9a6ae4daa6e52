import type { Result } from "../core/result.js";
import { err, ok } from "../core/result.js";
import type { SignatureEvidence, SignatureLayout } from "../core/signatures/verdict.js";
import type { Descriptor, Manifest, Registry, RegistryError } from "../ports/registry.js";

const MAX_LAYERS = 10;

/** Where cosign stores one kind of artifact (signatures, attestations) for an image digest. */
export interface ArtifactKind {
  /** cosign's classic tag for the digest: `sha256-<hex>.sig`, `sha256-<hex>.att`. */
  tag: string;
  /** Whether an OCI 1.1 referrer of this artifact type is of this kind. */
  accepts(artifactType: string): boolean;
  /** A referrer the index lists that is not of this kind despite its artifact type. */
  excludes?(descriptor: Descriptor): boolean;
  /** Referrers fetched at most. */
  maxArtifacts: number;
}

export interface ArtifactSearch {
  layers: SignatureEvidence[];
  /** Where the artifacts were looked for, for reasons: `tag sha256-….sig`, `referrers API`. */
  looked: string[];
}

/**
 * Every layer of the artifacts of one kind stored for `digest`, from both layouts: cosign's classic
 * tag, and OCI 1.1 referrers (the API, or its fallback tag) whose artifact type the kind accepts.
 * Nothing is verified here. A registry failure is an error; "none stored" is an empty list.
 */
export async function fetchArtifactLayers(
  registry: Registry,
  repository: string,
  digest: string,
  kind: ArtifactKind,
): Promise<Result<ArtifactSearch, RegistryError>> {
  const layers: SignatureEvidence[] = [];
  const looked = [`tag ${kind.tag}`];
  const classic = await registry.getManifest(repository, kind.tag);
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
    (d) => (d.artifactType === undefined || kind.accepts(d.artifactType)) && !kind.excludes?.(d),
  );
  for (const d of candidates.slice(0, kind.maxArtifacts)) {
    const m = await registry.getManifest(repository, d.digest);
    if (!m.ok) return m;
    const type = m.value.artifactType ?? m.value.config?.mediaType;
    if (type === undefined || !kind.accepts(type)) continue;
    if (m.value.subject && m.value.subject.digest !== digest) continue;
    const found = await layersOf(registry, repository, m.value, "referrers");
    if (!found.ok) return found;
    layers.push(...found.value);
  }
  return ok({ layers, looked });
}

/** Every layer of a signature or attestation artifact (at most 10), with its bytes. */
async function layersOf(
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
