import type { Octokit } from "@octokit/core";
import { ProbotOctokit } from "probot";
import { validateRestRequest } from "../../sim/github-schema/validate.js";
import { recordRequestViolations } from "./violations.js";

/** The test GitHub App's id (its key pair is made per process in `probot.ts`). */
export const TEST_APP_ID = 1;

/** Thrown (before anything is sent) for a request GitHub would reject. */
export class GitHubWouldRejectError extends Error {
  override name = "GitHubWouldRejectError";
  constructor(readonly problems: readonly string[]) {
    super(`GitHub would reject this request:\n  - ${problems.join("\n  - ")}`);
  }
}

/**
 * Octokit plugin: every request (REST, and GraphQL on `/graphql`) is checked against GitHub's
 * published descriptions before it is sent; a violation is recorded and thrown.
 */
export function validateRequests(octokit: Octokit): void {
  octokit.hook.before("request", (options) => {
    const { method, url, body } = octokit.request.endpoint.parse(options);
    const problems = validateRestRequest({ method, url, body });
    if (problems.length === 0) return;
    recordRequestViolations(problems);
    throw new GitHubWouldRejectError(problems);
  });
}

/**
 * Probot's Octokit with throttling and retries off and every request validated. The options are
 * forced in a function because Probot passes its own `throttle` options, which would replace a
 * plain `{ throttle: { enabled: false } }` default and leave throttling on.
 */
export const ValidatedProbotOctokit = ProbotOctokit.plugin(validateRequests).defaults(
  (options: ConstructorParameters<typeof ProbotOctokit>[0] = {}) => ({
    ...options,
    throttle: { ...options.throttle, enabled: false },
    retry: { ...options.retry, enabled: false },
  }),
);

export type TestOctokit = InstanceType<typeof ValidatedProbotOctokit>;

export interface TestOctokitOptions {
  /** Default `https://api.github.com` (what nock intercepts); the simulator's URL for e2e. */
  baseUrl?: string;
  /** Installation token sent as `authorization: token …`. */
  token?: string;
}

/**
 * A plain validated Octokit (the type Probot hands to handlers as `context.octokit`), for
 * adapter tests with nock: `nock("https://api.github.com").get(...)`.
 */
export function createTestOctokit(options: TestOctokitOptions = {}): TestOctokit {
  return new ValidatedProbotOctokit({
    auth: { token: options.token ?? "ghs_test" },
    baseUrl: options.baseUrl ?? "https://api.github.com",
  });
}
