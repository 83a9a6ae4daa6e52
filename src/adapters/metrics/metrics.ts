import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * bumpwarden's Prometheus metrics (docs/operations.md lists them). Every metric is reached through
 * a small typed function, so label names and values cannot drift between callers; labels stay
 * low-cardinality (no repository, image or delivery id in a label: those go in the logs).
 */

/** What ingest made of one delivery (registry webhook or GitHub event). */
export type EventOutcome = "accepted" | "duplicate" | "ignored" | "invalid" | "refused" | "failed";
/** What a finished job did: `retry` means it failed and will run again, `dead` that it gave up. */
export type JobOutcome = "success" | "retry" | "dead";
export type PullRequestAction = "opened" | "updated" | "closed";
export type FindingSeverity = "error" | "warning" | "notice";
/** Who retried: a queued job, a GitHub request, or a registry request. */
export type RetryComponent = "job" | "github" | "registry";
export type QueueState = "waiting" | "active" | "delayed" | "dead";

export interface GitHubRateLimitSample {
  /** `x-ratelimit-resource`: core, graphql, search, ... */
  resource: string;
  /** The installation id, or `app` for requests made as the app itself (JWT). */
  installation: string;
  remaining: number;
  limit?: number | undefined;
}

export interface RegistryRateLimitSample {
  /** Registry host: `registry-1.docker.io`, `ghcr.io`, ... */
  registry: string;
  remaining: number;
  limit?: number | undefined;
}

export interface QueueDepthSource {
  stats(): Promise<{ waiting: number; active: number; delayed: number; deadLetters: number }>;
}

export interface Metrics {
  /** The Prometheus registry; `/metrics` serves `registry.metrics()`. */
  readonly registry: Registry;
  eventReceived(source: string, outcome: EventOutcome, count?: number): void;
  /** Reads the queue's stats at every scrape (no timer); a second call for a name replaces it. */
  watchQueue(name: string, queue: QueueDepthSource): void;
  observeJob(job: string, outcome: JobOutcome, seconds: number): void;
  /** Starts a job's clock; the returned function records its duration with the outcome. */
  startJob(job: string): (outcome: JobOutcome) => number;
  pullRequest(action: PullRequestAction, count?: number): void;
  reviewFindings(counts: Partial<Record<FindingSeverity, number>>): void;
  githubRateLimit(sample: GitHubRateLimitSample): void;
  registryRateLimit(sample: RegistryRateLimitSample): void;
  retry(component: RetryComponent, count?: number): void;
  deadLetter(job: string, count?: number): void;
}

export interface MetricsOptions {
  /** Default: a fresh registry (tests make several). */
  registry?: Registry;
  /** Node.js process metrics (`process_*`, `nodejs_*`). Default true. */
  processMetrics?: boolean;
  /** Monotonic seconds, for job timing. Default `performance.now() / 1000`. */
  now?: () => number;
}

/** Job latency buckets: webhook-to-PR work is seconds, not milliseconds; a slow job is minutes. */
const jobBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = options.registry ?? new Registry();
  const now = options.now ?? (() => performance.now() / 1000);
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const events = new Counter({
    name: "bumpwarden_events_received_total",
    help: "Deliveries received, by source (registry type or github) and what ingest made of them.",
    labelNames: ["source", "outcome"] as const,
    registers,
  });
  const queues = new Map<string, QueueDepthSource>();
  new Gauge({
    name: "bumpwarden_queue_depth",
    help: "Jobs in the queue by state (waiting, active, delayed, dead), read at scrape time.",
    labelNames: ["queue", "state"] as const,
    registers,
    async collect() {
      this.reset();
      await Promise.all(
        [...queues].map(async ([queue, source]) => {
          const s = await source.stats().catch(() => null);
          if (!s) return;
          const depth: Record<QueueState, number> = {
            waiting: s.waiting,
            active: s.active,
            delayed: s.delayed,
            dead: s.deadLetters,
          };
          for (const [state, value] of Object.entries(depth)) this.set({ queue, state }, value);
        }),
      );
    },
  });
  const jobs = new Histogram({
    name: "bumpwarden_job_duration_seconds",
    help: "Time one job run took, by job name and outcome.",
    labelNames: ["job", "outcome"] as const,
    buckets: jobBuckets,
    registers,
  });
  const pulls = new Counter({
    name: "bumpwarden_pull_requests_total",
    help: "Bump pull requests bumpwarden opened, updated (new tag pushed) or closed (superseded).",
    labelNames: ["action"] as const,
    registers,
  });
  const findings = new Counter({
    name: "bumpwarden_review_findings_total",
    help: "Findings of each completed pull request review, by severity (a re-review counts again).",
    labelNames: ["severity"] as const,
    registers,
  });
  const githubRemaining = new Gauge({
    name: "bumpwarden_github_rate_limit_remaining",
    help: "x-ratelimit-remaining of the last GitHub response, by installation and rate-limit resource.",
    labelNames: ["installation", "resource"] as const,
    registers,
  });
  const githubLimit = new Gauge({
    name: "bumpwarden_github_rate_limit_limit",
    help: "x-ratelimit-limit of the last GitHub response, by installation and rate-limit resource.",
    labelNames: ["installation", "resource"] as const,
    registers,
  });
  const registryRemaining = new Gauge({
    name: "bumpwarden_registry_rate_limit_remaining",
    help: "Requests left in the registry's window (Docker Hub ratelimit-remaining), by registry host.",
    labelNames: ["registry"] as const,
    registers,
  });
  const registryLimit = new Gauge({
    name: "bumpwarden_registry_rate_limit_limit",
    help: "Size of the registry's rate-limit window (Docker Hub ratelimit-limit), by registry host.",
    labelNames: ["registry"] as const,
    registers,
  });
  const retries = new Counter({
    name: "bumpwarden_retries_total",
    help: "Retries, by component: a queued job, a GitHub request, a registry request.",
    labelNames: ["component"] as const,
    registers,
  });
  const dead = new Counter({
    name: "bumpwarden_dead_letters_total",
    help: "Jobs that exhausted their attempts (or failed permanently) and went to the dead-letter list.",
    labelNames: ["job"] as const,
    registers,
  });

  const count = (n: number | undefined) => (n === undefined ? 1 : Math.max(0, n));
  const metrics: Metrics = {
    registry,
    eventReceived: (source, outcome, n) => events.inc({ source, outcome }, count(n)),
    watchQueue: (name, queue) => void queues.set(name, queue),
    observeJob: (job, outcome, seconds) => jobs.observe({ job, outcome }, Math.max(0, seconds)),
    startJob(job) {
      const start = now();
      return (outcome) => {
        const seconds = Math.max(0, now() - start);
        jobs.observe({ job, outcome }, seconds);
        return seconds;
      };
    },
    pullRequest: (action, n) => pulls.inc({ action }, count(n)),
    reviewFindings(counts) {
      for (const [severity, n] of Object.entries(counts))
        if (n && n > 0) findings.inc({ severity }, n);
    },
    githubRateLimit({ resource, installation, remaining, limit }) {
      githubRemaining.set({ installation, resource }, remaining);
      if (limit !== undefined) githubLimit.set({ installation, resource }, limit);
    },
    registryRateLimit({ registry: host, remaining, limit }) {
      registryRemaining.set({ registry: host }, remaining);
      if (limit !== undefined) registryLimit.set({ registry: host }, limit);
    },
    retry: (component, n) => retries.inc({ component }, count(n)),
    deadLetter: (job, n) => dead.inc({ job }, count(n)),
  };
  return metrics;
}
