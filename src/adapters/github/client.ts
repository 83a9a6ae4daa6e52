/** The part of an Octokit instance the GitHub adapters use (ProbotOctokit and @octokit/rest both fit). */
export interface GitHubClient {
  graphql<T = unknown>(query: string, variables?: Record<string, unknown>): Promise<T>;
  request(
    route: string,
    parameters?: Record<string, unknown>,
  ): Promise<{ data: unknown; status: number }>;
}

export interface GraphqlFailure {
  message: string;
  data: unknown;
  errors: Array<{ message: string; type?: string; path?: ReadonlyArray<string | number> }>;
}

/**
 * A GraphQL response that carried errors (Octokit throws it, with any partial data attached).
 * A `RATE_LIMITED` answer is not the operation's failure but GitHub saying "wait until the reset":
 * undefined, so callers rethrow it and the worker waits (src/drivers/worker/retry-hint.ts).
 */
export function asGraphqlFailure(e: unknown): GraphqlFailure | undefined {
  if (!(e instanceof Error)) return undefined;
  const { errors, data } = e as Error & { errors?: unknown; data?: unknown };
  if (!Array.isArray(errors)) return undefined;
  const failure = { message: e.message, data, errors: errors as GraphqlFailure["errors"] };
  return failure.errors.some((x) => x.type === "RATE_LIMITED") ? undefined : failure;
}
