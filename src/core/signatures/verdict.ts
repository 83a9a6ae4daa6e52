/** Where a signature was found: cosign's `sha256-<hex>.sig` tag, or an OCI 1.1 referrer. */
export type SignatureLayout = "tag" | "referrers";

/** One layer of a signature artifact, as fetched from the registry. */
export interface SignatureEvidence {
  layout: SignatureLayout;
  /** Digest of the signature manifest holding this layer (for reports). */
  artifact: string;
  mediaType: string;
  annotations: Record<string, string>;
  content: Uint8Array;
}

/** The outcome the PR body and `resolve --json` show. */
export interface SignatureVerdict {
  verified: boolean;
  /** The key (or certificate identity, for keyless) that verified. */
  keyId?: string;
  layout?: SignatureLayout;
  /** Why it did not verify (or, when verified, nothing). */
  reason?: string;
  /** How many signature layers were examined. */
  checked: number;
}
