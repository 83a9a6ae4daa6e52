export { createMetrics } from "./metrics.js";
export type {
  EventOutcome,
  FindingSeverity,
  GitHubRateLimitSample,
  JobOutcome,
  Metrics,
  MetricsOptions,
  PullRequestAction,
  QueueDepthSource,
  QueueState,
  RegistryRateLimitSample,
  RetryComponent,
} from "./metrics.js";
export { instrumentOctokit, rateLimitMetricsPlugin } from "./octokit-hook.js";
export type { InstrumentOptions } from "./octokit-hook.js";
export { recordRegistryRateLimit } from "./registry-headers.js";
export { measuredJobHandler } from "./job-handler.js";
export { processMetrics } from "./process.js";
