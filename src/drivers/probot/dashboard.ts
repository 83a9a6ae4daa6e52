import type { Probot } from "probot";
import { CONFIG_PATH } from "../../adapters/github/config-loader.js";
import { isBot } from "../../core/commands/permissions.js";
import { DASHBOARD_LABEL } from "../../core/dashboard/labels.js";
import { newlyChecked } from "../../core/dashboard/state.js";
import { HOLD_LABEL } from "../../core/plan/repo-bump.js";
import { parseMarker } from "../../core/pr/marker.js";
import type { Queue } from "../../ports/queue.js";
import type { IngestJobData } from "../http/jobs.js";
import { deliveryFields, enqueueEventJob } from "./enqueue.js";

/**
 * The dashboard issue (docs/commands.md#dashboard): refreshed when a bumpwarden PR opens, closes
 * or is put on hold, and when the default branch's config changes; checkbox edits act like the
 * commands. `dashboard.enabled: false` turns all of it off (the worker reads the config). Every
 * handler only enqueues a job keyed by the repository: one writer of the issue at a time.
 */
export function registerDashboard(app: Probot, queue: Queue<IngestJobData>): void {
  app.on("issues.edited", async (context) => {
    const { issue, repository, sender, installation } = context.payload;
    const labels = (issue.labels ?? []).map((l) => l.name);
    const before = context.payload.changes.body?.from ?? null;
    if (!installation || !labels.includes(DASHBOARD_LABEL) || before === null) return;
    // Only a box newly ticked by a person asks for work; the app's own re-renders do not.
    if (isBot(sender) || newlyChecked(before, issue.body ?? "").length === 0) return;
    await enqueueEventJob(context, queue, {
      name: "dashboard-edit",
      data: {
        ...deliveryFields(context, repository, installation),
        edit: {
          issueNumber: issue.number,
          labels,
          before,
          after: issue.body ?? "",
          editor: { login: sender.login, type: sender.type },
        },
      },
    });
  });

  app.on(
    ["pull_request.opened", "pull_request.closed", "pull_request.reopened"],
    async (context) => {
      const { pull_request: pr, repository, installation } = context.payload;
      if (!installation || !parseMarker(pr.body)) return;
      await enqueueEventJob(context, queue, {
        name: "dashboard-refresh",
        data: deliveryFields(context, repository, installation),
      });
    },
  );

  // A hold label put on by hand (not `/hold`) also stops auto-merge.
  app.on(["pull_request.labeled", "pull_request.unlabeled"], async (context) => {
    const { pull_request: pr, repository, installation, sender } = context.payload;
    if (!installation || context.payload.label?.name !== HOLD_LABEL || isBot(sender)) return;
    if (!parseMarker(pr.body)) return;
    const stopAutoMerge = context.payload.action === "labeled" && pr.auto_merge !== null;
    await enqueueEventJob(context, queue, {
      name: "dashboard-refresh",
      data: {
        ...deliveryFields(context, repository, installation),
        ...(stopAutoMerge && { disableAutoMergeOf: pr.node_id }),
      },
    });
  });

  app.on("push", async (context) => {
    const { ref, repository, installation, commits } = context.payload;
    if (!installation || ref !== `refs/heads/${repository.default_branch}`) return;
    const touched = commits.some((c) =>
      [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].includes(CONFIG_PATH),
    );
    if (!touched) return;
    const owner = { login: repository.owner?.login ?? repository.owner?.name ?? "" };
    await enqueueEventJob(context, queue, {
      name: "dashboard-refresh",
      data: deliveryFields(context, { owner, name: repository.name }, installation),
    });
  });
}
