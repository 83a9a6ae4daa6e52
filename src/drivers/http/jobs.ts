import type { ImagePushed } from "../../core/events/image-pushed.js";
import { semanticKey } from "../../core/events/image-pushed.js";
import type { ImageScanned } from "../../core/events/image-scanned.js";
import type { IndexUpdate } from "../../core/events/github-index.js";
import type { WorkflowArtifactRequest } from "../../core/events/workflow-run.js";
import type { JobRequest } from "../../ports/queue.js";
import type { GitHubEventJob } from "./github-jobs.js";

/**
 * The jobs ingest enqueues, by name. The worker's handler dispatches on `name`.
 * - `image-pushed` (ImagePushed): plan and open bump PRs. Keyed by image repository, so pushes of
 *   one image are handled in order; the handler fans out to per-GitOps-repository work.
 * - `image-scanned` (ImageScanned): a registry's scan result, for supply-chain gates.
 * - `index-update` (IndexUpdate): refresh the reference index of a repository or installation.
 * - `workflow-artifact` (WorkflowArtifactRequest): read `image.json` from a run's artifact.
 * - `bump-repo` (BumpJob): plan and write the bump PRs of one image in one GitOps repository.
 *   Keyed by that repository, like its index updates, so writes to a repository never overlap.
 * - `reconcile` (ReconcileJob): replay what lost webhooks missed; one per interval slot.
 * - reviews, checks, slash commands, the dashboard and promotion triggers (GitHubEventJob, see
 *   github-jobs.ts): the work of the pull-request and issue events.
 */
export type IngestJob =
  | { name: "image-pushed"; data: ImagePushed }
  | { name: "image-scanned"; data: ImageScanned }
  | { name: "index-update"; data: IndexUpdate }
  | { name: "workflow-artifact"; data: WorkflowArtifactRequest }
  | { name: "bump-repo"; data: BumpJob }
  | { name: "reconcile"; data: ReconcileJob }
  | GitHubEventJob;

export interface BumpJob {
  installationId: number;
  /** `owner/name` of the GitOps repository. */
  repo: string;
  /** Normalized image repository. */
  repository: string;
  tag: string;
  digest: string | null;
  /** Why: `image-pushed`, `promotion`, `reconcile`, `command`. */
  reason: string;
  /** The delivery that led here (registry or GitHub delivery id, `reconcile:<slot>`), for the logs. */
  deliveryId?: string;
  force?: string;
  only?: string[];
  /** From the image event, when it said (see ImagePushed). */
  revision?: string;
  sourceRepository?: string;
}

export interface ReconcileJob {
  /** `floor(time / interval)`: one reconcile per slot across replicas (dedupe). */
  slot: number;
}

export type IngestJobData = IngestJob["data"];

const day = 24 * 60 * 60_000;
/** Redeliveries (GitHub's manual "Redeliver", a sender's retries) within a week run once. */
export const deliveryTtlMs = 7 * day;
/** The same image (host, repository, tag, digest) from several senders within a day runs once. */
export const semanticTtlMs = day;
/**
 * Without a digest a tag may be re-pushed with new content (`latest`, `main`); the semantic mark
 * then only absorbs a sender's retries and the near-simultaneous copies from other senders.
 */
export const tagOnlySemanticTtlMs = 10 * 60_000;

export function imagePushedJob(image: ImagePushed): JobRequest<IngestJobData> {
  const semantic = semanticKey(image);
  const dedupe = [{ key: semantic, ttlMs: image.digest ? semanticTtlMs : tagOnlySemanticTtlMs }];
  if (image.deliveryId !== semantic)
    dedupe.unshift({ key: `delivery:${image.deliveryId}`, ttlMs: deliveryTtlMs });
  return { name: "image-pushed", key: `image:${image.repository}`, data: image, dedupe };
}

export function imageScannedJob(scan: ImageScanned): JobRequest<IngestJobData> {
  return {
    name: "image-scanned",
    key: `image:${scan.repository}`,
    data: scan,
    dedupe: [{ key: `delivery:${scan.deliveryId}`, ttlMs: deliveryTtlMs }],
  };
}

export function indexUpdateJob(update: IndexUpdate): JobRequest<IngestJobData> {
  const key =
    update.kind === "repository-pushed"
      ? repoKey(update.repository)
      : `installation:${update.installationId}`;
  return {
    name: "index-update",
    key,
    data: update,
    dedupe: [{ key: `delivery:github:${update.deliveryId}`, ttlMs: deliveryTtlMs }],
  };
}

export function bumpJob(job: BumpJob): JobRequest<IngestJobData> {
  return { name: "bump-repo", key: repoKey(job.repo), data: job };
}

export function reconcileJob(slot: number, intervalMs: number): JobRequest<IngestJobData> {
  return {
    name: "reconcile",
    key: "reconcile",
    data: { slot },
    dedupe: [{ key: `reconcile:${slot}`, ttlMs: intervalMs }],
  };
}

/** The serialization key of everything that writes to (or indexes) one repository. */
export const repoKey = (fullName: string): string => `repo:${fullName.toLowerCase()}`;

export function workflowArtifactJob(request: WorkflowArtifactRequest): JobRequest<IngestJobData> {
  return {
    name: "workflow-artifact",
    key: `repo:${request.owner.toLowerCase()}/${request.repo.toLowerCase()}`,
    data: request,
    dedupe: [{ key: `delivery:github:${request.deliveryId}`, ttlMs: deliveryTtlMs }],
  };
}
