import { appliedConfig } from "../../adapters/github/config-loader.js";
import { GitHubDashboardIssues } from "../../adapters/github/dashboard-issues.js";
import { GitHubSourceHistory } from "../../adapters/github/compare.js";
import { GitHubGitHost } from "../../adapters/github/git-host.js";
import { readIgnoreRules } from "../../app/dashboard.js";
import type { GitHubClient } from "../../adapters/github/client.js";
import { bumpRepository } from "../../app/bump-repo.js";
import { recordBumpOutcome } from "../../app/dashboard-outcome.js";
import { fanOut } from "../../app/fan-out.js";
import type { EvidenceSource } from "../../app/bump-repo.js";
import type { GateEvaluator } from "../../app/image-evidence.js";
import { gatherEvidence } from "../../app/image-evidence.js";
import { applyIndexUpdate } from "../../app/index-update.js";
import { reconcileIndex } from "../../app/reconcile.js";
import { recordScan } from "../../app/record-scan.js";
import { defaultConfig } from "../../core/config/load.js";
import type { ImagePushed } from "../../core/events/image-pushed.js";
import type { ImageScanned } from "../../core/events/image-scanned.js";
import type { IndexUpdate } from "../../core/events/github-index.js";
import type { Job, JobHandler, Queue } from "../../ports/queue.js";
import type { Registry } from "../../ports/registry.js";
import type { ScanStore } from "../../ports/scan-store.js";
import type { BumpJob, IngestJobData, ReconcileJob } from "../http/jobs.js";
import { bumpJob, imagePushedJob, indexUpdateJob } from "../http/jobs.js";
import { githubEventJobNames } from "../http/github-jobs.js";
import type { GitHubJobDeps, ReviewJobOptions } from "./github-jobs.js";
import { createGitHubJobHandler } from "./github-jobs.js";
import { withLogFields } from "../ops/log-fields.js";
import { countPullRequests } from "../ops/outcome-metrics.js";
import { dashboardDeps } from "./services.js";
import { withGitHubRetryHints } from "./retry-hint.js";
import { jobLogFields } from "./job-log-fields.js";
import { handleWorkflowArtifact } from "./workflow-artifact.js";
import type { WorkflowArtifactRequest } from "../../core/events/workflow-run.js";

export interface WorkerDeps extends Omit<GitHubJobDeps, "review" | "evidence"> {
  registry: Registry;
  scans: ScanStore;
  gates?: GateEvaluator;
  /** Sigstore `trusted_root.json` (parsed) for `verify.cosign.keyless`, in bumps and reviews. */
  trustedRoot?: unknown;
  /** How review jobs run besides the registry, scans and trusted root above (docs links). */
  review?: Pick<ReviewJobOptions, "docsUrl">;
  /** The app's installations (`GET /app/installations`), so reconcile can index what it missed. */
  installations?(): Promise<number[]>;
}

const name = (fullName: string) => {
  const [owner = "", repo = ""] = fullName.split("/");
  return { owner, name: repo };
};

/**
 * The worker: one handler for every job the queue carries, dispatched on its name. Each job is
 * small and idempotent; jobs that write to a repository are keyed by it, so they never overlap.
 */
export function createJobHandler(deps: WorkerDeps): JobHandler<IngestJobData> {
  const prefix = defaultConfig().pullRequests.branchPrefix;
  const enqueueBump = (data: BumpJob) => deps.queue.enqueue(bumpJob(data));
  const trust = deps.trustedRoot !== undefined ? { trustedRoot: deps.trustedRoot } : {};
  const evidence: EvidenceSource = (request) =>
    gatherEvidence(deps.registry, request, { ...(deps.gates && { gates: deps.gates }), ...trust });
  const githubEvent = createGitHubJobHandler({
    ...deps,
    evidence,
    review: { ...deps.review, ...trust, registry: async () => deps.registry, scans: deps.scans },
  });

  // GitHub's "wait" answers become RetryLaterErrors: the queue waits, not the worker.
  return withGitHubRetryHints(async (job: Job<IngestJobData>) => {
    const log = withLogFields(deps.log, jobLogFields(job)).child({
      jobName: job.name,
      attempt: job.attempt,
    });
    if (githubEventJobNames.has(job.name)) return githubEvent({ ...job, data: job.data });
    switch (job.name) {
      case "image-pushed": {
        const event = job.data as ImagePushed;
        const planned = await fanOut(event, deps.index, deps.registry);
        if (planned.kind === "nothing")
          return log.info(
            { image: event.repository, reason: planned.reason },
            "image push concerns no repository",
          );
        for (const b of planned.bumps)
          await enqueueBump({
            ...b,
            reason: `image-pushed (${event.source})`,
            deliveryId: event.deliveryId,
          });
        return log.info(
          { image: event.repository, tag: planned.bumps[0]?.tag, repos: planned.bumps.length },
          "image push fanned out",
        );
      }
      case "bump-repo": {
        const data = job.data as BumpJob;
        const client = await deps.github(data.installationId);
        const host = new GitHubGitHost(client);
        const outcome = await bumpRepository(
          {
            installationId: data.installationId,
            repo: name(data.repo),
            repository: data.repository,
            tag: data.tag,
            digest: data.digest,
            ...(data.force !== undefined && { force: data.force }),
            ...(data.only !== undefined && { only: data.only }),
            ...(data.revision !== undefined && { revision: data.revision }),
            ...(data.sourceRepository !== undefined && {
              sourceRepository: data.sourceRepository,
            }),
          },
          {
            host,
            index: deps.index,
            clock: deps.clock,
            evidence,
            history: new GitHubSourceHistory(client),
            ignores: (repo) => readIgnoreRules(new GitHubDashboardIssues(client), repo),
            config: appliedConfig(client),
          },
        );
        for (const o of outcome.outcomes)
          if (o.refusedReviewers)
            log.warn(
              { repo: data.repo, pr: o.pullRequest?.number, refused: o.refusedReviewers },
              "reviewers refused by GitHub",
            );
        if (deps.metrics) countPullRequests(deps.metrics, outcome);
        // What a person should see (a gate holding a version back) goes on the dashboard issue;
        // the job holds the repository's key, so no other job writes the issue meanwhile. A
        // failure here must not re-run the bump.
        const dashboard = await recordBumpOutcome(name(data.repo), outcome, {
          ...dashboardDeps(client, data.installationId, deps.index),
          clock: deps.clock,
        }).catch((err: unknown) => {
          log.warn({ err, repo: data.repo }, "dashboard not updated");
          return { kind: "failed" as const };
        });
        return log.info(
          {
            repo: data.repo,
            image: data.repository,
            tag: data.tag,
            reason: data.reason,
            outcome,
            dashboard: dashboard.kind,
          },
          "bump planned",
        );
      }
      case "index-update": {
        const update = job.data as IndexUpdate;
        const client = await deps.github(update.installationId);
        const host = new GitHubGitHost(client);
        const rechecks = await applyIndexUpdate(update, {
          index: deps.index,
          host,
          branchPrefix: prefix,
          listRepositories: () => listInstallationRepositories(client),
        });
        for (const r of rechecks)
          await enqueueBump({
            installationId: update.installationId,
            repo: r.repo,
            repository: r.repository,
            tag: r.tag,
            digest: null,
            reason: "default branch moved",
            deliveryId: update.deliveryId,
          });
        return log.info({ kind: update.kind, rechecks: rechecks.length }, "index updated");
      }
      case "image-scanned": {
        const scan = job.data as ImageScanned;
        const stored = await recordScan(deps.scans, scan);
        if (!stored.stored || scan.tag === null)
          return log.info({ image: scan.repository, stored }, "scan recorded");
        // A gate may have been waiting for this report: plan the image again.
        const planned = await fanOut(
          {
            repository: scan.repository,
            tag: scan.tag,
            digest: scan.digest,
            source: "harbor",
            deliveryId: scan.deliveryId,
            receivedAt: scan.receivedAt,
          },
          deps.index,
          deps.registry,
        );
        if (planned.kind === "bumps")
          for (const b of planned.bumps)
            await enqueueBump({ ...b, reason: "scan completed", deliveryId: scan.deliveryId });
        return log.info({ image: scan.repository, stored }, "scan recorded");
      }
      case "workflow-artifact": {
        const request = job.data as WorkflowArtifactRequest;
        if (request.installationId === null)
          return log.warn(
            { repo: `${request.owner}/${request.repo}` },
            "workflow run without installation",
          );
        const images = await handleWorkflowArtifact(
          await deps.github(request.installationId),
          request,
        );
        for (const image of images) await enqueueImage(deps.queue, image);
        return log.info({ run: request.runId, images: images.length }, "workflow artifact read");
      }
      case "reconcile": {
        const { slot } = job.data as ReconcileJob;
        // Repositories an installation gained while no webhook got through are indexed first.
        for (const installationId of (await deps.installations?.()) ?? [])
          await deps.queue.enqueue(
            indexUpdateJob({
              kind: "repositories-added",
              installationId,
              repositories: [],
              relist: true,
              deliveryId: `reconcile:${slot}:${installationId}`,
              receivedAt: deps.clock.now().toISOString(),
            }),
          );
        const due = await reconcileIndex(
          deps.index,
          deps.registry,
          async (id) => new GitHubSourceHistory(await deps.github(id)),
        );
        for (const r of due)
          for (const s of r.skipped ?? [])
            log.warn({ repo: r.repo, image: s.repository, reason: s.why }, "image not reconciled");
        for (const r of due)
          for (const request of r.requests)
            await enqueueBump({
              installationId: r.installationId,
              repo: r.repo,
              repository: request.repository,
              tag: request.tag,
              digest: null,
              reason: `reconcile: ${request.why}`,
              deliveryId: `reconcile:${slot}`,
              ...(request.only && { only: request.only }),
            });
        return log.info({ repos: due.length }, "reconciled");
      }
      default:
        log.warn({ name: job.name }, "unknown job");
    }
  });
}

async function enqueueImage(queue: Queue<IngestJobData>, image: ImagePushed): Promise<void> {
  await queue.enqueue(imagePushedJob(image));
}

async function listInstallationRepositories(client: GitHubClient): Promise<string[]> {
  const names: string[] = [];
  for (let page = 1; page <= 100; page++) {
    const { data } = await client.request("GET /installation/repositories", {
      per_page: 100,
      page,
    });
    const { repositories } = data as { repositories: Array<{ full_name: string }> };
    names.push(...repositories.map((r) => r.full_name));
    if (repositories.length < 100) break;
  }
  return names;
}
