import type { JobHandler } from "../../ports/queue.js";
import { PermanentJobError } from "../../ports/queue.js";
import type { Metrics } from "./metrics.js";

/**
 * Wraps a queue handler (`queue.process(measured(handler, ...))`) so every run is timed into
 * `bumpwarden_job_duration_seconds` and every failure counted as a retry or a dead letter, the
 * way the queue will treat it: a `PermanentJobError`, or a failure on the last allowed attempt,
 * goes to the dead-letter list; anything else is retried. The error is rethrown unchanged.
 */
export function measuredJobHandler<T>(
  handler: JobHandler<T>,
  options: { metrics: Metrics; maxAttempts: number },
): JobHandler<T> {
  const { metrics, maxAttempts } = options;
  return async (job) => {
    const end = metrics.startJob(job.name);
    try {
      await handler(job);
      end("success");
    } catch (e) {
      const dead = e instanceof PermanentJobError || job.attempt >= maxAttempts;
      end(dead ? "dead" : "retry");
      if (dead) metrics.deadLetter(job.name);
      else metrics.retry("job");
      throw e;
    }
  };
}
