import type { Probot } from "probot";
import type { GitHubClient } from "../../adapters/github/client.js";
import { GitHubReviewHost } from "../../adapters/github/review-host.js";
import type { Metrics } from "../../adapters/metrics/index.js";
import { processMetrics } from "../../adapters/metrics/index.js";
import { createRegistryClient } from "../../adapters/registry/client.js";
import { loadCredentialStore } from "../../adapters/registry/load-credentials.js";
import { reviewPullRequest } from "../../app/review-pr.js";
import type { ReviewOutcome, ReviewTarget } from "../../app/review-pr.js";
import { CHECK_NAME } from "../../core/review/report/check-run.js";
import { systemClock } from "../../ports/clock.js";
import type { Clock } from "../../ports/clock.js";
import type { Registry } from "../../ports/registry.js";
import type { ScanStore } from "../../ports/scan-store.js";
import { eventLog } from "../ops/log-fields.js";
import { countFindings } from "../ops/outcome-metrics.js";

export interface ReviewDriverOptions {
  /**
   * The registry for signature checks and supply-chain gates; default: the real one, credentials
   * from the environment.
   */
  registry?: () => Promise<Registry>;
  /** Harbor scans the gates read for images without a vulnerability attestation (the app's store). */
  scans?: ScanStore;
  /** Sigstore trusted root for keyless `verify.cosign`. */
  trustedRoot?: unknown;
  clock?: Clock;
  docsUrl?: string;
  /** Counts the findings of every completed review (`/metrics`); default: the process's metrics. */
  metrics?: Pick<Metrics, "reviewFindings">;
}

/**
 * `bumpwarden/review`: on a pull request opened, pushed to, reopened or marked ready, and on
 * "Re-run" of the check, reviews the head commit (src/app/review-pr.ts). Runs for one PR are
 * serialized in this process; across replicas, a run whose head moved writes nothing.
 */
export function registerReview(app: Probot, options: ReviewDriverOptions = {}): void {
  const registry = options.registry ?? memo(() => defaultRegistry(process.env));
  const metrics = options.metrics ?? processMetrics();
  const running = new Map<string, Promise<unknown>>();
  const run = (client: GitHubClient, target: ReviewTarget): Promise<ReviewOutcome> => {
    const key = `${target.owner}/${target.name}#${target.number}`.toLowerCase();
    const previous = running.get(key) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() =>
        reviewPullRequest(target, {
          host: new GitHubReviewHost(client),
          clock: options.clock ?? systemClock,
          registry,
          ...(options.scans && { scans: options.scans }),
          ...(options.trustedRoot !== undefined && { trustedRoot: options.trustedRoot }),
          ...(options.docsUrl !== undefined && { docsUrl: options.docsUrl }),
        }),
      )
      .then((outcome) => {
        countFindings(metrics, outcome);
        return outcome;
      });
    running.set(key, next);
    void next
      .finally(() => {
        if (running.get(key) === next) running.delete(key);
      })
      .catch(() => undefined);
    return next;
  };

  app.on(
    [
      "pull_request.opened",
      "pull_request.synchronize",
      "pull_request.reopened",
      "pull_request.ready_for_review",
    ],
    async (context) => {
      const { pull_request: pr, repository } = context.payload;
      if (pr.state !== "open") return;
      const target = {
        owner: repository.owner.login,
        name: repository.name,
        number: pr.number,
        headSha: pr.head.sha,
      };
      const outcome = await run(context.octokit, target);
      eventLog(context).info({ ...outcome, headSha: target.headSha }, "pull request reviewed");
    },
  );

  app.on("check_run.rerequested", async (context) => {
    const { check_run: checkRun, repository } = context.payload;
    const pr = checkRun.pull_requests[0];
    if (checkRun.name !== CHECK_NAME || !pr) return;
    const target = {
      owner: repository.owner.login,
      name: repository.name,
      number: pr.number,
      headSha: checkRun.head_sha,
    };
    const outcome = await run(context.octokit, target);
    eventLog(context)
      .child({ pr: pr.number })
      .info({ ...outcome, headSha: target.headSha }, "pull request reviewed");
  });
}

/** The real registry client: Docker config / environment credentials, `BUMPWARDEN_INSECURE_REGISTRIES` over HTTP. */
async function defaultRegistry(env: Record<string, string | undefined>): Promise<Registry> {
  const credentials = await loadCredentialStore(env);
  if (!credentials.ok) throw new Error(credentials.error);
  return createRegistryClient({
    credentials: credentials.value,
    clock: systemClock,
    insecureHosts: (env.BUMPWARDEN_INSECURE_REGISTRIES ?? "").split(",").filter(Boolean),
  });
}

function memo<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= make().catch((e: unknown) => {
      value = undefined;
      throw e;
    });
    return value;
  };
}
