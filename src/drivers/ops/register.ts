import type { ApplicationFunctionOptions, Probot } from "probot";
import type { Metrics, QueueDepthSource } from "../../adapters/metrics/index.js";
import { processMetrics } from "../../adapters/metrics/index.js";
import { instrumentedAuth } from "./instrument.js";
import { createReadiness } from "./readiness.js";
import { opsRoutes } from "./routes.js";

export interface OpsOptions {
  /** REDIS_URL: `/readyz` pings it when set. */
  redisUrl?: string | undefined;
  /** Queues whose depth `/metrics` reports, by name. */
  queues?: Record<string, QueueDepthSource>;
  /** Default: the process's metrics. */
  metrics?: Metrics;
}

/**
 * Operations wiring for the Probot app: `/healthz`, `/readyz` and `/metrics`. Returns the metrics
 * for the other drivers to record into (handlers call `instrumentContext(context)`, see instrument.ts).
 */
export function registerOps(
  app: Probot,
  addHandler: ApplicationFunctionOptions["addHandler"],
  options: OpsOptions = {},
): Metrics {
  const metrics = options.metrics ?? processMetrics();
  for (const [name, queue] of Object.entries(options.queues ?? {})) metrics.watchQueue(name, queue);
  const appOctokit = () => instrumentedAuth((id?: number) => app.auth(id), metrics)();
  addHandler(
    opsRoutes({ metrics, readiness: createReadiness({ redisUrl: options.redisUrl, appOctokit }) }),
  );
  return metrics;
}
