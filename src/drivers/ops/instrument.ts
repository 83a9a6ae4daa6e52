import type { Octokit } from "@octokit/core";
import type { Metrics } from "../../adapters/metrics/index.js";
import { instrumentOctokit, processMetrics } from "../../adapters/metrics/index.js";

/**
 * GitHub rate-limit and retry metrics for the Octokits the app uses. Probot makes a new Octokit
 * for every handler of every event (its webhook transform runs per handler), so there is no single
 * instance to hook: each handler calls `instrumentContext(context)` first, and code that calls
 * `app.auth(id)` (queue workers) uses `instrumentedAuth`.
 */
export function instrumentContext(
  context: { payload: unknown; octokit: Pick<Octokit, "hook"> },
  metrics: Metrics = processMetrics(),
): void {
  const payload = context.payload as { installation?: { id?: unknown } } | null;
  const id = payload?.installation?.id;
  instrumentOctokit(context.octokit, metrics, typeof id === "number" ? { installation: id } : {});
}

/** `app.auth` whose Octokits record rate-limit metrics (installation `app` without an id). */
export function instrumentedAuth<O extends Pick<Octokit, "hook">>(
  auth: (installationId?: number) => Promise<O>,
  metrics: Metrics = processMetrics(),
): (installationId?: number) => Promise<O> {
  return async (installationId) => {
    const octokit = await auth(installationId);
    instrumentOctokit(
      octokit,
      metrics,
      installationId === undefined ? {} : { installation: installationId },
    );
    return octokit;
  };
}
