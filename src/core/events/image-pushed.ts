/** Where an image push was heard from. `reconcile` is the periodic poll that replays lost webhooks. */
export type ImageSource =
  | "ghcr"
  | "dockerhub"
  | "harbor"
  | "quay"
  | "acr"
  | "gar"
  | "distribution"
  | "jfrog"
  | "nexus"
  | "ecr"
  | "generic"
  | "workflow_run"
  | "reconcile";

/** A new image (tag and/or digest) exists in a registry. The event every trigger normalizes to. */
export interface ImagePushed {
  /** Normalized, host included: `ghcr.io/acme/api`, `docker.io/library/nginx`. */
  repository: string;
  /** `null` when only a digest is known: the worker resolves it through the registry. */
  tag: string | null;
  digest: string | null;
  source: ImageSource;
  /** Dedupe key of the delivery: the sender's delivery id, or the semantic key when it gives none. */
  deliveryId: string;
  /** Commit the image was built from, when the source says (workflow_run, OCI label). */
  revision?: string;
  /**
   * Repository whose workflow built the image (`github.com/acme/api`), when the source says
   * (workflow_run): `ci` tag policies order tags by its commits.
   */
  sourceRepository?: string;
  /** ISO time, set by the driver. */
  receivedAt: string;
}

/**
 * The same image push heard twice (from GHCR, a registry webhook, a workflow run) has one key:
 * registry host + repository (both in `repository`), tag, digest.
 */
export function semanticKey(event: Pick<ImagePushed, "repository" | "tag" | "digest">): string {
  return `image:${event.repository}:${event.tag ?? "-"}@${event.digest ?? "-"}`;
}
