import type { NormalizeOutcome } from "../../core/events/outcome.js";
import type { EnqueueOutcome, Queue } from "../../ports/queue.js";
import type { IngestJobData } from "./jobs.js";
import { imagePushedJob, imageScannedJob } from "./jobs.js";

export interface EnqueuedJob {
  jobId: string | null;
  deliveryId: string;
  status: EnqueueOutcome["status"];
}

/** Enqueues every event of an accepted outcome; duplicates come back marked as such. */
export async function enqueueAccepted(
  queue: Queue<IngestJobData>,
  outcome: Extract<NormalizeOutcome, { kind: "accepted" }>,
): Promise<EnqueuedJob[]> {
  const requests = [...outcome.images.map(imagePushedJob), ...outcome.scans.map(imageScannedJob)];
  const results: EnqueuedJob[] = [];
  for (const request of requests) {
    const result = await queue.enqueue(request);
    results.push({
      jobId: result.jobId,
      deliveryId: (request.data as { deliveryId: string }).deliveryId,
      status: result.status,
    });
  }
  return results;
}
