/**
 * The request validator shared by the test harness (an Octokit `hook.before("request")`) and the
 * GitHub simulator (every request it receives): does GitHub accept this request?
 *
 * REST requests are checked against GitHub's OpenAPI description (`@octokit/openapi`, vendored by
 * `scripts/vendor-github-schema.ts`): the route must exist for the method, path and query
 * parameters and the JSON body must match the operation's schema. GraphQL requests are checked
 * against `@octokit/graphql-schema`: the document, its variables, and GitHub's pagination limits.
 * Each problem is one readable sentence; an empty list means valid. Nothing is compiled until
 * first use, and each operation's schema is compiled once.
 */
import { checkGraphql, type GraphqlRequest } from "./graphql.js";
import { checkRest, type RestRequest } from "./rest.js";

export type { GraphqlRequest, RestRequest };

/** GraphQL endpoint paths: `/graphql` on api.github.com, `/api/graphql` on GHES. */
export function isGraphqlUrl(url: string): boolean {
  const parsed = new URL(url, "http://github.invalid");
  return parsed.pathname === "/graphql" || parsed.pathname === "/api/graphql";
}

/**
 * Validates one REST request. `url` is absolute or a path (with its query string); `body` is the
 * parsed JSON, its raw text, or absent. A POST to the GraphQL endpoint is validated as GraphQL.
 */
export function validateRestRequest({ method, url, body }: RestRequest): string[] {
  if (method.toUpperCase() === "POST" && isGraphqlUrl(url)) {
    const parsed = typeof body === "string" ? parseJson(body) : body;
    if (typeof parsed !== "object" || parsed === null)
      return ["POST /graphql: the body must be a JSON object with a query"];
    return validateGraphqlRequest(parsed as GraphqlRequest);
  }
  return checkRest({ method, url, body });
}

/** Validates one GraphQL request: the document against GitHub's schema, then its variables. */
export function validateGraphqlRequest(request: GraphqlRequest): string[] {
  return checkGraphql(request);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
