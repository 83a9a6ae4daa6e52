import type { Probot } from "probot";
import { parseMarker } from "../../core/pr/marker.js";
import type { Queue } from "../../ports/queue.js";
import type { IngestJobData } from "../http/jobs.js";
import { bumpJob } from "../http/jobs.js";
import { eventLog } from "../ops/log-fields.js";

/**
 * Promotion triggers: a bump PR that merged (the next environment may now take its tag), and
 * checks that finished on the default branch (a merged bump PR's checks may have turned green).
 * Each plans the image again in that repository; the planner decides what is ready. Soak times
 * are waited out by the reconcile timer.
 */
export function registerPromotion(app: Probot, queue: Queue<IngestJobData>): void {
  app.on("pull_request.closed", async (context) => {
    const { pull_request: pr, repository, installation } = context.payload;
    const marker = parseMarker(pr.body);
    if (!pr.merged || !marker?.tag || !installation) return;
    const outcome = await queue.enqueue(
      bumpJob({
        installationId: installation.id,
        repo: repository.full_name,
        repository: marker.image,
        tag: marker.tag,
        digest: marker.digest,
        reason: `promotion: #${pr.number} merged in ${marker.env}`,
        deliveryId: context.id,
      }),
    );
    eventLog(context).info(
      { pr: pr.number, image: marker.image, tag: marker.tag, outcome },
      "bump PR merged: promotion planned",
    );
  });

  app.on("check_suite.completed", async (context) => {
    const { check_suite: suite, repository, installation } = context.payload;
    if (
      !installation ||
      suite.head_branch !== repository.default_branch ||
      suite.conclusion !== "success"
    )
      return;
    const { data } = await context.octokit.request(
      "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls",
      {
        owner: repository.owner.login,
        repo: repository.name,
        commit_sha: suite.head_sha,
      },
    );
    for (const pr of data) {
      const marker = parseMarker(pr.body);
      if (!pr.merged_at || !marker?.tag) continue;
      await queue.enqueue(
        bumpJob({
          installationId: installation.id,
          repo: repository.full_name,
          repository: marker.image,
          tag: marker.tag,
          digest: marker.digest,
          reason: `promotion: checks green on #${pr.number}`,
          deliveryId: context.id,
        }),
      );
    }
  });
}
