/**
 * Tags that name registry artifacts rather than releases: cosign's `sha256-<hex>.sig`, `.att`,
 * `.sbom`, and the OCI referrers fallback tag `sha256-<hex>`. No policy ever proposes them.
 */
const ARTIFACT_TAG = /^(?:sha256|sha384|sha512)-[0-9a-f]{32,128}(?:\.[a-z]+)?$/;
const ARTIFACT_SUFFIX = /\.(?:sig|att|sbom)$/;

export function isArtifactTag(tag: string): boolean {
  return ARTIFACT_SUFFIX.test(tag) || ARTIFACT_TAG.test(tag);
}
