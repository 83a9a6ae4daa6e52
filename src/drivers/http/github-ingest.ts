import { normalizeGhcr } from "../../core/events/ghcr.js";
import type { GithubDelivery } from "../../core/events/ghcr.js";
import { normalizeIndexEvent } from "../../core/events/github-index.js";
import type { WorkflowRunTrigger } from "../../core/events/workflow-run.js";
import { normalizeWorkflowRun } from "../../core/events/workflow-run.js";
import type { Queue } from "../../ports/queue.js";
import type { EnqueuedJob } from "./enqueue-outcome.js";
import { enqueueAccepted } from "./enqueue-outcome.js";
import type { IngestJobData } from "./jobs.js";
import { indexUpdateJob, workflowArtifactJob } from "./jobs.js";

export type GithubIngestResult =
  { kind: "accepted"; jobs: EnqueuedJob[] } | { kind: "ignored" | "invalid"; reason: string };

/** GitHub events that feed the queue, for the Probot `app.on(...)` wiring. */
export const ingestedGithubEvents = [
  "package",
  "registry_package",
  "workflow_run",
  "push",
  "installation",
  "installation_repositories",
] as const;

/**
 * Normalizes one GitHub delivery (already verified by Probot) and enqueues its jobs.
 * `workflowRun` is the trigger for `workflow_run` events; without it they are ignored.
 */
export async function ingestGithubEvent(
  queue: Queue<IngestJobData>,
  delivery: GithubDelivery,
  options: { workflowRun?: WorkflowRunTrigger } = {},
): Promise<GithubIngestResult> {
  switch (delivery.event) {
    case "package":
    case "registry_package": {
      const outcome = normalizeGhcr(delivery);
      return outcome.kind === "accepted"
        ? { kind: "accepted", jobs: await enqueueAccepted(queue, outcome) }
        : outcome;
    }
    case "workflow_run": {
      if (!options.workflowRun)
        return { kind: "ignored", reason: "no workflow_run trigger is configured" };
      const outcome = normalizeWorkflowRun(delivery, options.workflowRun);
      if (outcome.kind === "artifact") {
        const result = await queue.enqueue(workflowArtifactJob(outcome.request));
        return {
          kind: "accepted",
          jobs: [{ jobId: result.jobId, deliveryId: delivery.deliveryId, status: result.status }],
        };
      }
      return outcome.kind === "accepted"
        ? { kind: "accepted", jobs: await enqueueAccepted(queue, outcome) }
        : outcome;
    }
    default: {
      const outcome = normalizeIndexEvent(delivery);
      if (outcome.kind !== "index") return outcome;
      const result = await queue.enqueue(indexUpdateJob(outcome.update));
      return {
        kind: "accepted",
        jobs: [{ jobId: result.jobId, deliveryId: delivery.deliveryId, status: result.status }],
      };
    }
  }
}
