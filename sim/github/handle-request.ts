import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { validateRestRequest } from "../github-schema/validate.js";
import { identify, type Caller } from "./auth.js";
import type { RequestCounts } from "./counts.js";
import { HttpError } from "./errors.js";
import { rootFields, runGraphql, type GraphqlBody } from "./graphql/endpoint.js";
import type { SimContext, SimRequest, SimResponse } from "./http-types.js";
import type { Injector } from "./inject.js";
import { errorResponse, faultResponse, send } from "./respond.js";
import type { Router } from "./router.js";
import type { SimState } from "./state/state.js";
import type { RepoRecord } from "./state/types.js";

export interface Violation {
  method: string;
  url: string;
  problems: string[];
}

export interface Pipeline {
  state: SimState;
  counts: RequestCounts;
  inject: Injector;
  router: Router;
  origin: string;
  /** Requests GitHub's schema rejects (answered 422/404, or GraphQL errors). */
  violations: Violation[];
  /** Valid requests to routes the simulator does not implement (answered 404). */
  unhandled: string[];
  /** Exceptions thrown while handling (answered 500): bugs in the simulator. */
  crashes: string[];
  beforeRefWrite(repo: RepoRecord, branch: string): void;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

let sequence = 0;

export async function handle(
  p: Pipeline,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const requestId = `SIM:${(++sequence).toString(16).toUpperCase().padStart(6, "0")}`;
  const url = new URL(req.url ?? "/", p.origin);
  const method = (req.method ?? "GET").toUpperCase();
  const ghes =
    url.pathname === "/api/v3" ||
    url.pathname.startsWith("/api/v3/") ||
    url.pathname === "/api/graphql";
  const path =
    url.pathname === "/api/graphql"
      ? "/graphql"
      : url.pathname.replace(/^\/api\/v3(?=\/|$)/, "") || "/";
  const urls = {
    api: ghes ? `${p.origin}/api/v3` : p.origin,
    web: p.origin,
    graphql: ghes ? `${p.origin}/api/graphql` : `${p.origin}/graphql`,
  };
  const reply = (out: SimResponse): void => send(res, out, requestId, p.state.now());

  const raw = await readBody(req);
  let body: unknown;
  if (raw.trim()) {
    try {
      body = JSON.parse(raw) as unknown;
    } catch {
      return reply(errorResponse(400, "Problems parsing JSON"));
    }
  }

  const isGraphql = method === "POST" && path === "/graphql";
  const match = isGraphql ? undefined : p.router.match(method, path);
  const gql = isGraphql ? rootFields((body ?? {}) as GraphqlBody) : undefined;
  const keys = [
    `${method} ${isGraphql ? "/graphql" : (match?.def.template ?? path)}`,
    ...(gql?.fields ?? []).map((f) => `graphql ${f}`),
  ];
  for (const key of keys) p.counts.add(key);

  const found = validateRestRequest({
    method,
    url: `${path}${url.search}`,
    body: raw.trim() ? body : undefined,
  });
  if (found.length > 0) p.violations.push({ method, url: `${path}${url.search}`, problems: found });
  // A real route whose schema the harness has not vendored is GitHub-valid: record it, answer it.
  const problems = found.filter((m) => !m.includes("whose schema is not vendored"));

  const delay = p.inject.delayFor(keys, method);
  if (delay > 0) await sleep(delay);
  const auth = identify(p.state, req.headers.authorization);
  const installationId =
    auth.ok && auth.value.kind === "installation" ? auth.value.installation.id : undefined;
  const fault = p.inject.faultFor(keys, method);
  if (fault && !(fault.kind === "error" && fault.phase === "after"))
    return reply(faultResponse(fault, requestId, installationId, p.state.now(), isGraphql));

  if (problems.length > 0) {
    if (isGraphql)
      return reply({ status: 200, body: { errors: problems.map((message) => ({ message })) } });
    const unknownRoute = problems.some((m) => m.includes("no such route"));
    return reply(
      unknownRoute
        ? errorResponse(404, "Not Found")
        : errorResponse(422, `Invalid request.\n\n${problems.join("\n")}`),
    );
  }
  if (!auth.ok) return reply(errorResponse(auth.error.status, auth.error.message));

  const ctx: SimContext = {
    state: p.state,
    urls,
    beforeRefWrite: (repo, branch) => p.beforeRefWrite(repo, branch),
  };
  let out: SimResponse;
  try {
    if (isGraphql) {
      if (auth.value.kind === "app")
        out = errorResponse(
          401,
          "A JSON web token cannot be used to access GraphQL; use an installation token",
        );
      else if (!gql?.document)
        out = {
          status: 200,
          body: {
            errors: [{ message: "A query attribute must be specified and must be a string." }],
          },
        };
      else
        out = {
          status: 200,
          body: await runGraphql(body as GraphqlBody, gql.document, {
            ...ctx,
            caller: auth.value,
            fieldFault: (field) => p.inject.takeFieldError(field),
          }),
        };
    } else if (!match) {
      p.unhandled.push(`${method} ${path}`);
      out = errorResponse(404, "Not Found");
    } else {
      const access = authorize(
        p.state,
        auth.value,
        match.def.auth ?? "installation",
        method,
        match.params,
      );
      if (!access.ok) out = access.response;
      else {
        const simReq: SimRequest = {
          method,
          path,
          query: url.searchParams,
          headers: req.headers,
          body,
          params: match.params,
          caller: auth.value,
          repo: access.repo,
        };
        out = await match.def.handler(simReq, ctx);
      }
    }
  } catch (e) {
    if (e instanceof HttpError) out = errorResponse(e.status, e.message, e.errors, e.headers);
    else {
      p.crashes.push(
        `${method} ${path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
      out = errorResponse(500, e instanceof Error ? e.message : "Internal Server Error");
    }
  }
  if (fault)
    return reply(faultResponse(fault, requestId, installationId, p.state.now(), isGraphql));
  reply(out);
}

type Access = { ok: true; repo: RepoRecord | undefined } | { ok: false; response: SimResponse };

/** App routes need the app's JWT; others an installation token covering the repository (anonymous: public reads). */
function authorize(
  state: SimState,
  caller: Caller,
  need: "app" | "installation",
  method: string,
  params: Record<string, string>,
): Access {
  if (need === "app") {
    return caller.kind === "app"
      ? { ok: true, repo: undefined }
      : { ok: false, response: errorResponse(401, "A JSON web token could not be decoded") };
  }
  if (caller.kind === "app") return { ok: false, response: errorResponse(401, "Bad credentials") };
  const owner = params["owner"];
  const name = params["repo"];
  if (owner === undefined || name === undefined) {
    return caller.kind === "anonymous" && method !== "GET"
      ? { ok: false, response: errorResponse(401, "Requires authentication") }
      : { ok: true, repo: undefined };
  }
  const repo = state.repo(`${owner}/${name}`);
  const visible =
    repo &&
    (caller.kind === "installation"
      ? state.installationFor(repo)?.id === caller.installation.id
      : !repo.private && method === "GET");
  if (!repo || !visible) return { ok: false, response: errorResponse(404, "Not Found") };
  return { ok: true, repo };
}
