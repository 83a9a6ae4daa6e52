import type { Caller } from "../auth.js";
import type { Urls } from "../serialize/urls.js";
import type { SimState } from "../state/state.js";
import type { Account, RepoRecord } from "../state/types.js";

export interface GqlContext {
  state: SimState;
  urls: Urls;
  caller: Caller;
  beforeRefWrite(repo: RepoRecord, branch: string): void;
  /** An injected failure of this root field (its message), or undefined. */
  fieldFault?(field: string): string | undefined;
}

/** A GraphQL error as GitHub reports it, with its `type` (NOT_FOUND, STALE_DATA, UNPROCESSABLE, …). */
export class GqlFailure extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export const gqlFail = (type: string, message: string): never => {
  throw new GqlFailure(type, message);
};

export function viewer(ctx: GqlContext): Account {
  return ctx.caller.kind === "installation" ? ctx.state.bot : ctx.state.user("ghost");
}

/** The repository if the caller may see it; GitHub answers the same NOT_FOUND either way. */
export function visibleRepo(
  ctx: GqlContext,
  repo: RepoRecord | undefined,
  label: string,
): RepoRecord {
  const allowed =
    repo &&
    (ctx.caller.kind === "installation"
      ? ctx.state.installationFor(repo)?.id === ctx.caller.installation.id
      : ctx.caller.kind === "anonymous" && !repo.private);
  if (!allowed || !repo)
    return gqlFail("NOT_FOUND", `Could not resolve to a Repository with the name '${label}'.`);
  return repo;
}

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

const cursor = (i: number): string => Buffer.from(`cursor:${i}`).toString("base64");
const index = (c: string | null | undefined): number | undefined => {
  if (!c) return undefined;
  const m = /^cursor:(\d+)$/.exec(Buffer.from(c, "base64").toString("utf8"));
  return m ? Number(m[1]) : undefined;
};

/** A Relay connection over a list, with `first`/`last`/`after`/`before` as GitHub pages them. */
export function connection<T>(items: readonly T[], args: PageArgs): Record<string, unknown> {
  let start = 0;
  let end = items.length;
  const after = index(args.after);
  const before = index(args.before);
  if (after !== undefined) start = after + 1;
  if (before !== undefined) end = Math.min(end, before);
  if (args.first != null) end = Math.min(end, start + args.first);
  if (args.last != null) start = Math.max(start, end - args.last);
  const slice = items.slice(start, end);
  return {
    totalCount: items.length,
    nodes: slice,
    edges: slice.map((node, i) => ({ node, cursor: cursor(start + i) })),
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length ? cursor(start) : null,
      endCursor: slice.length ? cursor(end - 1) : null,
    },
  };
}
