import type { Result } from "../core/result.js";

/**
 * An OCI registry, read-only (Distribution API v2 / OCI distribution-spec 1.1).
 *
 * `repository` is always normalized with its host: `ghcr.io/acme/api`, `docker.io/library/nginx`,
 * `127.0.0.1:5000/acme/api`. `reference` is a tag or a digest (`sha256:<hex>`).
 * Implementations authenticate, respect rate limits and cache; callers never retry themselves.
 */
export interface Registry {
  /** Every tag of the repository, following `Link` pagination, in the registry's order. */
  listTags(repository: string): Promise<Result<string[], RegistryError>>;
  /** The digest of the manifest (or index) a reference points to, from `Docker-Content-Digest`. */
  getDigest(repository: string, reference: string): Promise<Result<string, RegistryError>>;
  /** The manifest or index, parsed, with its raw bytes (signatures are over those bytes). */
  getManifest(repository: string, reference: string): Promise<Result<Manifest, RegistryError>>;
  /**
   * The image configuration's labels and creation time for a manifest or index digest.
   * For an index, the `linux/amd64` image (else the first runnable one) is read.
   */
  getImageConfig(repository: string, digest: string): Promise<Result<ImageConfig, RegistryError>>;
  /**
   * Artifacts whose `subject` is `digest`: the referrers API, or the referrers tag schema
   * (`sha256-<hex>` tag holding an index) when the registry has no referrers API.
   * Filtered by `artifactType` when given.
   */
  getReferrers(
    repository: string,
    digest: string,
    artifactType?: string,
  ): Promise<Result<Referrers, RegistryError>>;
  /** The bytes of a blob, checked against its digest. */
  getBlob(repository: string, digest: string): Promise<Result<Uint8Array, RegistryError>>;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** An OCI content descriptor. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: Platform;
}

export interface Manifest {
  /** `index` for an OCI image index or a Docker manifest list; `image` for a single manifest. */
  kind: "index" | "image";
  mediaType: string;
  digest: string;
  /** The exact bytes the registry served; `digest` is their sha256. */
  bytes: Uint8Array;
  artifactType?: string;
  annotations?: Record<string, string>;
  subject?: Descriptor;
  /** Index only. */
  manifests: Descriptor[];
  /** Image only. */
  config?: Descriptor;
  /** Image only. */
  layers: Descriptor[];
}

/** Well-known OCI labels, read from the image config (`config.Labels`). */
export interface ImageConfig {
  /** The manifest whose config was read (differs from the asked digest for an index). */
  manifestDigest: string;
  platform?: Platform;
  labels: Record<string, string>;
  created?: string;
  /** `org.opencontainers.image.source` */
  source?: string;
  /** `org.opencontainers.image.revision` */
  revision?: string;
  /** `org.opencontainers.image.version` */
  version?: string;
}

export interface Referrers {
  /** How they were found: the referrers API or the fallback tag. */
  via: "api" | "tag-schema";
  descriptors: Descriptor[];
}

export type RegistryErrorCode =
  | "invalid-reference"
  | "not-found"
  | "unauthorized"
  | "denied"
  | "rate-limited"
  | "unavailable"
  | "invalid-response"
  | "insecure-refused"
  | "network";

export interface RegistryError {
  code: RegistryErrorCode;
  /** A sentence a person can act on (what was asked, what the registry said). */
  message: string;
  repository: string;
  status?: number;
}
