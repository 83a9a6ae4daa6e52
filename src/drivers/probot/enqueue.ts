import type { Logger } from "pino";
import type { Queue } from "../../ports/queue.js";
import type { GitHubEventJob } from "../http/github-jobs.js";
import { githubEventJob } from "../http/github-jobs.js";
import type { IngestJobData } from "../http/jobs.js";
import { eventLog } from "../ops/log-fields.js";

/** The part of a Probot context a handler that only enqueues needs. */
export interface DeliveryContext {
  id: string;
  payload: unknown;
  log: Logger;
}

/**
 * What a pull-request or issue handler does with its event: one job on the queue (deduped on the
 * delivery id and the job's name), then the delivery is answered; a worker does the work.
 */
export async function enqueueEventJob(
  context: DeliveryContext,
  queue: Queue<IngestJobData>,
  job: GitHubEventJob,
): Promise<void> {
  const outcome = await queue.enqueue(githubEventJob(job));
  eventLog(context).debug({ jobName: job.name, outcome }, "github event job queued");
}

/** The delivery, installation and repository fields every GitHub event job carries. */
export function deliveryFields(
  context: { id: string },
  repository: { name: string; owner: { login: string } },
  installation: { id: number },
): { deliveryId: string; installationId: number; owner: string; name: string } {
  return {
    deliveryId: context.id,
    installationId: installation.id,
    owner: repository.owner.login,
    name: repository.name,
  };
}
