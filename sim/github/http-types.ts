import type { IncomingHttpHeaders } from "node:http";
import type { Caller } from "./auth.js";
import type { SimState } from "./state/state.js";
import type { RepoRecord } from "./state/types.js";
import type { Urls } from "./serialize/urls.js";

export interface SimRequest {
  method: string;
  /** Path without the `/api/v3` prefix and without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  params: Record<string, string>;
  caller: Caller;
  /** Set for routes under /repos/{owner}/{repo}, once access is checked. */
  repo: RepoRecord | undefined;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  /** Raw text for non-JSON media types (raw file content, diffs). */
  text?: string | Buffer;
  headers?: Record<string, string>;
}

export interface SimContext {
  state: SimState;
  urls: Urls;
  /** Called before a write moves a branch, so an injected conflict can move it first. */
  beforeRefWrite(repo: RepoRecord, branch: string): void;
}

export type Handler = (req: SimRequest, ctx: SimContext) => SimResponse | Promise<SimResponse>;

export interface RouteDef {
  method: string;
  /** The OpenAPI path template, e.g. "/repos/{owner}/{repo}/pulls/{pull_number}". */
  template: string;
  /** Who may call it: the app itself (JWT) or an installation (the default). */
  auth?: "app" | "installation";
  handler: Handler;
}

export const json = (
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): SimResponse => (headers ? { status, body, headers } : { status, body });

export const noContent = (): SimResponse => ({ status: 204 });
