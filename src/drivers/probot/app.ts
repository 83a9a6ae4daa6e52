import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import type { ApplicationFunction, Probot } from "probot";
import type { GitHubClient } from "../../adapters/github/client.js";
import { MemoryImageIndex } from "../../adapters/index-store/memory.js";
import { RedisImageIndex } from "../../adapters/index-store/redis.js";
import { measuredJobHandler, processMetrics } from "../../adapters/metrics/index.js";
import { MemoryScanStore } from "../../adapters/scan-store/memory.js";
import { RedisScanStore } from "../../adapters/scan-store/redis.js";
import { createGateEvaluator } from "../../app/gate-evidence.js";
import { systemClock } from "../../ports/clock.js";
import type { Clock } from "../../ports/clock.js";
import type { ImageIndex } from "../../ports/image-index.js";
import type { Queue } from "../../ports/queue.js";
import type { Registry } from "../../ports/registry.js";
import { createIngest } from "../http/ingest.js";
import type { IngestJobData } from "../http/jobs.js";
import { instrumentedAuth } from "../ops/instrument.js";
import { registerOps } from "../ops/register.js";
import { defaultRegistry, lazyRegistry } from "../registry/default-registry.js";
import { readSettings } from "../settings.js";
import { loadTrustedRoot } from "../trusted-root.js";
import { createJobHandler } from "../worker/handle-job.js";
import { startReconcileTimer } from "../worker/reconcile-timer.js";
import { registerCommands } from "./commands.js";
import { registerCommitCheck } from "./commit-check.js";
import { registerConfigCheck } from "./config-check.js";
import { registerDashboard } from "./dashboard.js";
import { registerGithubIngest } from "./github-events.js";
import { registerPromotion } from "./promotion.js";
import { registerReview } from "./review.js";
import { rootWebhookAlias } from "./root-webhook.js";

/** What tests, the demo and the bench replace; production takes everything from the environment. */
export interface BumpwardenOptions {
  env?: Record<string, string | undefined>;
  clock?: Clock;
  registry?: Registry;
  index?: ImageIndex;
  /** Close the queue on SIGTERM/SIGINT (default: outside tests). */
  handleSignals?: boolean;
  /** Called once the app is wired, with what a caller may want to watch or stop. */
  onReady?: (app: RunningApp) => void;
}

export interface RunningApp {
  queue: Queue<IngestJobData>;
  index: ImageIndex;
  registry: Registry;
  /** Stops the timer, drains the queue and closes Redis. */
  close(): Promise<void>;
}

/**
 * bumpwarden as a Probot application function: registry webhook routes, GitHub event handlers,
 * the workers that turn jobs into PRs, the reconcile timer, and /healthz /readyz /metrics.
 */
export function createBumpwarden(options: BumpwardenOptions = {}): ApplicationFunction {
  return (app: Probot, { addHandler }) => {
    const env = options.env ?? process.env;
    const settings = readSettings(env);
    const clock = options.clock ?? systemClock;
    const log = app.log.child({ name: "bumpwarden" });
    const redis = settings.REDIS_URL
      ? new Redis(settings.REDIS_URL, { maxRetriesPerRequest: 3 })
      : undefined;
    const index =
      options.index ??
      (redis
        ? new RedisImageIndex(redis, `${settings.BUMPWARDEN_QUEUE_PREFIX}:index`)
        : new MemoryImageIndex());
    const scans = redis
      ? new RedisScanStore(redis, `${settings.BUMPWARDEN_QUEUE_PREFIX}:scan`)
      : new MemoryScanStore();
    const metrics = processMetrics();
    const registry =
      options.registry ?? lazyRegistry(() => defaultRegistry(env, settings, clock, metrics));
    const trustedRoot = loadTrustedRoot(settings.BUMPWARDEN_SIGSTORE_TRUSTED_ROOT, (path) =>
      readFileSync(path, "utf8"),
    );
    const trust = trustedRoot !== undefined ? { trustedRoot } : {};
    const gates = createGateEvaluator({ registry, scans, ...trust });

    // Registry webhooks at /hooks/<endpoint> (docs/webhooks.md): verify, normalize, enqueue.
    const ingest = createIngest(settings, {
      env,
      readFile: (path) => readFileSync(path, "utf8"),
      log: app.log.child({ name: "ingest" }),
      handleSignals: options.handleSignals ?? env.NODE_ENV !== "test",
      observe: (source, outcome, count) => metrics.eventReceived(source, outcome, count),
    });
    addHandler(ingest.routes);
    // GitHub deliveries at `/`, where the setup page points the app's webhook (see root-webhook.ts).
    addHandler(rootWebhookAlias(app));
    // /healthz, /readyz, /metrics (docs/operations.md).
    registerOps(app, addHandler, {
      metrics,
      redisUrl: settings.REDIS_URL,
      queues: { ingest: ingest.queue },
    });

    // Per-installation Octokits (never one throttle key for all), recording rate-limit metrics.
    const auth = instrumentedAuth((id?: number) => app.auth(id), metrics);
    const github = async (installationId: number) =>
      (await auth(installationId)) as unknown as GitHubClient;
    ingest.queue.process(
      measuredJobHandler(
        createJobHandler({
          queue: ingest.queue,
          index,
          registry,
          scans,
          clock,
          gates,
          ...trust,
          github,
          installations: async () => {
            const octokit = (await auth()) as unknown as GitHubClient;
            const { data } = await octokit.request("GET /app/installations", { per_page: 100 });
            return (data as Array<{ id: number }>).map((i) => i.id);
          },
          log,
          metrics,
        }),
        { metrics, maxAttempts: settings.BUMPWARDEN_JOB_MAX_ATTEMPTS },
      ),
      { concurrency: settings.BUMPWARDEN_QUEUE_CONCURRENCY },
    );
    const timer =
      settings.BUMPWARDEN_RECONCILE_INTERVAL > 0
        ? startReconcileTimer(ingest.queue, settings.BUMPWARDEN_RECONCILE_INTERVAL, clock, (e) =>
            log.error({ err: e }, "reconcile not queued"),
          )
        : undefined;

    registerGithubIngest(app, ingest.queue, {
      workflowRun: settings.BUMPWARDEN_WORKFLOW_RUN,
      clock,
      metrics,
    });
    // Pull-request and issue events: each handler enqueues a job; the workers above do the work.
    registerPromotion(app, ingest.queue);
    registerConfigCheck(app, ingest.queue); // bumpwarden/config on PRs that change .github/bumpwarden.yml
    registerReview(app, ingest.queue); // bumpwarden/review: inline comments + check run
    registerCommitCheck(app, ingest.queue); // bumpwarden/conventional-commits on PR open/push/title edit
    registerCommands(app, ingest.queue); // slash commands in PR comments (docs/commands.md)
    registerDashboard(app, ingest.queue); // the dashboard issue and its checkboxes

    options.onReady?.({
      queue: ingest.queue,
      index,
      registry,
      async close() {
        timer?.stop();
        await ingest.queue.close({ graceMs: settings.BUMPWARDEN_SHUTDOWN_GRACE_MS });
        await redis?.quit();
      },
    });
  };
}

/** The app as `probot run` and the production entry point load it. */
export const bumpwarden: ApplicationFunction = createBumpwarden();
