import type { CheckVerdict } from "./cached-check.js";
import { cachedCheck } from "./cached-check.js";
import type { AppOctokit } from "./github-check.js";
import { checkGitHubApp } from "./github-check.js";
import { pingRedis } from "./redis-ping.js";

export interface ReadinessOptions {
  /** Checked only when set (REDIS_URL). */
  redisUrl?: string | undefined;
  /** An Octokit authenticated as the app (JWT): Probot's `app.auth()` with no installation. */
  appOctokit: () => Promise<AppOctokit>;
  now?: () => number;
  /** Defaults: GitHub verdicts reused 60 s (fail 10 s), Redis 5 s (fail 1 s); 2 s timeout. */
  github?: { okTtlMs?: number; failTtlMs?: number; timeoutMs?: number };
  redis?: { okTtlMs?: number; failTtlMs?: number; timeoutMs?: number };
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckVerdict>;
}

/** `/readyz`: every configured dependency answered recently. */
export function createReadiness(options: ReadinessOptions): () => Promise<Readiness> {
  const now = options.now ?? Date.now;
  const checks: [string, () => Promise<CheckVerdict>][] = [
    [
      "github",
      cachedCheck(() => checkGitHubApp(options.appOctokit), {
        okTtlMs: options.github?.okTtlMs ?? 60_000,
        failTtlMs: options.github?.failTtlMs ?? 10_000,
        timeoutMs: options.github?.timeoutMs ?? 2_000,
        now,
      }),
    ],
  ];
  const { redisUrl } = options;
  if (redisUrl) {
    const timeoutMs = options.redis?.timeoutMs ?? 2_000;
    checks.push([
      "redis",
      cachedCheck(() => pingRedis(redisUrl, timeoutMs), {
        okTtlMs: options.redis?.okTtlMs ?? 5_000,
        failTtlMs: options.redis?.failTtlMs ?? 1_000,
        timeoutMs: timeoutMs + 500,
        now,
      }),
    ]);
  }
  return async () => {
    const verdicts = await Promise.all(
      checks.map(async ([name, check]) => [name, await check()] as const),
    );
    return { ready: verdicts.every(([, v]) => v.ok), checks: Object.fromEntries(verdicts) };
  };
}
