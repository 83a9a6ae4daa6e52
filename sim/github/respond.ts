import type { ServerResponse } from "node:http";
import type { SimResponse } from "./http-types.js";
import type { RequestFault } from "./inject.js";

const DOCS = "https://docs.github.com/rest";

export function errorResponse(
  status: number,
  message: string,
  errors?: unknown[],
  headers: Record<string, string> = {},
): SimResponse {
  const body: Record<string, unknown> = {
    message,
    documentation_url: DOCS,
    status: String(status),
  };
  if (errors) body["errors"] = errors;
  return { status, body, headers };
}

/**
 * The response an injected fault produces, worded as GitHub words it. A primary rate limit on
 * GraphQL is not an HTTP error there: 200 with a `RATE_LIMITED` error and the exhausted headers.
 */
export function faultResponse(
  fault: RequestFault,
  requestId: string,
  installationId: number | undefined,
  now: Date,
  graphql = false,
): SimResponse {
  if (fault.kind === "error") {
    return errorResponse(
      fault.status,
      fault.status === 502
        ? "Server Error"
        : fault.status === 503
          ? "Service Unavailable"
          : "Internal Server Error",
    );
  }
  const reset = String(Math.floor(now.getTime() / 1000) + fault.retryAfter);
  if (fault.limit === "primary") {
    const headers = {
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-used": "5000",
      "x-ratelimit-reset": reset,
      "x-ratelimit-resource": graphql ? "graphql" : "core",
    };
    if (graphql)
      return {
        status: 200,
        body: {
          errors: [
            {
              type: "RATE_LIMITED",
              code: "graphql_rate_limit",
              message: `API rate limit already exceeded for installation ID ${installationId ?? 0}.`,
            },
          ],
        },
        headers,
      };
    return {
      status: fault.status,
      body: {
        message: `API rate limit exceeded for installation ID ${installationId ?? 0}.`,
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        status: String(fault.status),
      },
      headers,
    };
  }
  return {
    status: fault.status,
    body: {
      message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
      documentation_url:
        "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      status: String(fault.status),
    },
    headers: {
      "retry-after": String(fault.retryAfter),
      "x-ratelimit-remaining": "4999",
      "x-ratelimit-reset": reset,
    },
  };
}

export function send(res: ServerResponse, out: SimResponse, requestId: string, now: Date): void {
  const headers: Record<string, string> = {
    "x-github-request-id": requestId,
    "x-github-api-version-selected": "2022-11-28",
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-used": "1",
    "x-ratelimit-reset": String(Math.floor(now.getTime() / 1000) + 3600),
    "x-ratelimit-resource": "core",
    ...out.headers,
  };
  let payload: string | Buffer = "";
  if (out.text !== undefined) {
    payload = out.text;
    headers["content-type"] ??= "text/plain; charset=utf-8";
  } else if (out.body !== undefined) {
    payload = JSON.stringify(out.body);
    headers["content-type"] = "application/json; charset=utf-8";
  }
  headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(out.status, headers);
  res.end(payload);
}
