import type { z } from "zod";
import { fail, notFound } from "../errors.js";
import type { SimRequest, SimResponse } from "../http-types.js";
import type { Account, RepoRecord } from "../state/types.js";
import type { Urls } from "../serialize/urls.js";

/** The request body parsed with a zod schema; a mismatch answers 422 as GitHub's validation does. */
export function body<T>(req: SimRequest, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(req.body ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
  return fail(422, `Invalid request.\n\n${problems.join("\n")}`);
}

export function repoOf(req: SimRequest): RepoRecord {
  return req.repo ?? notFound();
}

export function intParam(req: SimRequest, name: string): number {
  const value = Number(req.params[name]);
  return Number.isInteger(value) && value > 0 ? value : notFound();
}

export function queryInt(req: SimRequest, name: string, fallback: number): number {
  const raw = req.query.get(name);
  const value = raw === null ? NaN : Number(raw);
  return Number.isFinite(value) ? value : fallback;
}

/** One page of a list, with the `Link` header octokit.paginate follows. */
export function paginate(req: SimRequest, urls: Urls, items: readonly unknown[]): SimResponse {
  const perPage = Math.min(Math.max(queryInt(req, "per_page", 30), 1), 100);
  const page = Math.max(queryInt(req, "page", 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string): string => {
    const q = new URLSearchParams(req.query);
    q.set("page", String(p));
    q.set("per_page", String(perPage));
    return `<${urls.api}${req.path}?${q.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"), link(page - 1, "prev"));
  return { status: 200, body: slice, headers: links.length ? { link: links.join(", ") } : {} };
}

/** Like `paginate`, for list endpoints that wrap items in an object (`{ total_count, check_runs }`). */
export function paginateWrapped(
  req: SimRequest,
  urls: Urls,
  key: string,
  items: readonly unknown[],
  extra: Record<string, unknown> = {},
): SimResponse {
  const page = paginate(req, urls, items);
  return { ...page, body: { total_count: items.length, ...extra, [key]: page.body } };
}

/** The account a request acts as: the app's bot for an installation token. */
export function actor(
  req: SimRequest,
  state: { bot: Account; user(login: string): Account },
): Account {
  return req.caller.kind === "installation" ? state.bot : state.user("ghost");
}
