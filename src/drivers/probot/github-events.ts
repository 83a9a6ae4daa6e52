import type { Probot } from "probot";
import { ingestGithubEvent, ingestedGithubEvents } from "../http/github-ingest.js";
import type { IngestJobData } from "../http/jobs.js";
import type { Queue } from "../../ports/queue.js";
import type { WorkflowRunTrigger } from "../../core/events/workflow-run.js";
import type { Metrics } from "../../adapters/metrics/index.js";
import type { Clock } from "../../ports/clock.js";
import { eventLog } from "../ops/log-fields.js";

/**
 * GitHub events that feed the queue (GHCR packages, workflow runs, pushes, installations):
 * normalized and enqueued in the webhook handler, worked on by the workers. Every other delivery
 * Probot verified (pull requests, comments, issues, checks) goes to its handlers directly and is
 * counted as `accepted`, so `bumpwarden_events_received_total{source="github"}` counts them all;
 * a delivery with a wrong signature counts as `refused`.
 */
export function registerGithubIngest(
  app: Probot,
  queue: Queue<IngestJobData>,
  options: {
    workflowRun?: WorkflowRunTrigger | undefined;
    clock: Clock;
    metrics?: Pick<Metrics, "eventReceived">;
  },
): void {
  const queued = new Set<string>(ingestedGithubEvents);
  app.onAny((context) => {
    if (!queued.has(context.name)) options.metrics?.eventReceived("github", "accepted");
  });
  // A delivery whose X-Hub-Signature-256 does not match WEBHOOK_SECRET reaches only the error
  // handlers (Probot answers 400). Handler failures also arrive here; Probot logs those.
  app.onError((error) => {
    const first = [...(error as AggregateError).errors][0] as { status?: unknown } | undefined;
    if (first?.status === 400 && /signature does not match/.test(error.message))
      options.metrics?.eventReceived("github", "refused");
  });
  app.on([...ingestedGithubEvents], async (context) => {
    const result = await ingestGithubEvent(
      queue,
      {
        event: context.name,
        deliveryId: context.id,
        payload: context.payload,
        receivedAt: options.clock.now().toISOString(),
      },
      options.workflowRun ? { workflowRun: options.workflowRun } : {},
    );
    const log = eventLog(context);
    options.metrics?.eventReceived("github", result.kind === "accepted" ? "accepted" : result.kind);
    if (result.kind === "accepted") log.info({ jobs: result.jobs }, "github event queued");
    else log.info({ outcome: result.kind, reason: result.reason }, "github event not queued");
  });
}
