import type { Octokit } from "@octokit/core";
import type { Metrics } from "./metrics.js";

type Headers = Record<string, string | number | undefined>;

export interface InstrumentOptions {
  /** The installation the Octokit acts for; `app` (default) for the app's JWT. */
  installation?: number | string | undefined;
}

const instrumented = new WeakSet<object>();

/**
 * Records GitHub's rate-limit headers (`x-ratelimit-remaining`, `-limit`, `-resource`) of every
 * response — errors included, since a 403/429 carries them too — and the retries
 * `@octokit/plugin-retry` made, into `metrics`. The hook is added outside the retry and throttling
 * plugins, so it sees each request once, after its last attempt. Idempotent per Octokit.
 *
 * Probot builds one Octokit per event (`context.octokit`) and one per `app.auth(id)` call; the app
 * instruments both (src/drivers/probot/app.ts, and workers that call `app.auth`).
 */
export function instrumentOctokit(
  octokit: Pick<Octokit, "hook">,
  metrics: Metrics,
  options: InstrumentOptions = {},
): void {
  const installation = String(options.installation ?? "app");
  if (instrumented.has(octokit)) return;
  instrumented.add(octokit);
  const record = (headers: Headers | undefined, retryCount: unknown) => {
    if (typeof retryCount === "number" && retryCount > 0) metrics.retry("github", retryCount);
    const remaining = numeric(headers?.["x-ratelimit-remaining"]);
    if (remaining === undefined) return;
    const resource = String(headers?.["x-ratelimit-resource"] ?? "core");
    const limit = numeric(headers?.["x-ratelimit-limit"]);
    metrics.githubRateLimit({ resource, installation, remaining, limit });
  };
  octokit.hook.after("request", (response, options) => {
    record(response.headers, options.request?.["retryCount" as keyof typeof options.request]);
  });
  octokit.hook.error("request", (error, options) => {
    const response = (error as { response?: { headers?: Headers } }).response;
    record(response?.headers, options.request?.["retryCount" as keyof typeof options.request]);
    throw error;
  });
}

function numeric(value: string | number | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The same as an Octokit plugin, for `ProbotOctokit.plugin(rateLimitMetricsPlugin(metrics))`: every
 * Octokit Probot builds from that class (per event, per `app.auth(id)`) is instrumented, labelled
 * with the installation its auth names (`app` for the app's own JWT).
 */
export function rateLimitMetricsPlugin(metrics: Metrics) {
  return (octokit: Pick<Octokit, "hook">, options: { auth?: unknown }): void => {
    const auth = options.auth as { installationId?: unknown } | undefined;
    const id = auth?.installationId;
    instrumentOctokit(
      octokit,
      metrics,
      typeof id === "number" || typeof id === "string" ? { installation: id } : {},
    );
  };
}
