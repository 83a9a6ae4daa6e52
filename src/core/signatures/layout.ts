/** cosign's classic tag for the signatures of `digest`: `sha256-<hex>.sig`. */
export function signatureTag(digest: string): string {
  return `${digest.replace(":", "-")}.sig`;
}

/** The OCI referrers fallback tag for `digest`: `sha256-<hex>` (distribution-spec 1.1). */
export function referrersTag(digest: string): string {
  return digest.replace(":", "-");
}

/** Referrer artifact types that carry image signatures. */
export const COSIGN_SIG_ARTIFACT_TYPE = "application/vnd.dev.cosign.artifact.sig.v1+json";
export const SIGSTORE_BUNDLE_ARTIFACT_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
