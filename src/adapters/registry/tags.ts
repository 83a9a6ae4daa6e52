import type { RegistryError } from "../../ports/registry.js";
import type { Result } from "../../core/result.js";
import { ok } from "../../core/result.js";
import type { RegistryContext } from "./context.js";
import { fail, invalid, statusError } from "./context.js";
import { z } from "zod";

const page = z.object({ tags: z.array(z.string()).nullable().optional() });

/** One `tags/list` page; `null` when the body is not one. A repository without tags may send `null`. */
export function parseTagPage(body: Uint8Array): string[] | null {
  try {
    const parsed = page.safeParse(JSON.parse(Buffer.from(body).toString("utf8")));
    return parsed.success ? (parsed.data.tags ?? []) : null;
  } catch {
    return null;
  }
}

/**
 * The next page from an RFC 8288 `Link` header (`</v2/acme/api/tags/list?last=x&n=1000>; rel="next"`),
 * as a path under `/v2/<repository>`. Only the path is used: pages are always read from the
 * registry that listed the first one. A link to another repository ends the listing.
 */
export function nextPage(link: string | null, repositoryPath: string): string | null {
  if (!link) return null;
  for (const part of link.split(",")) {
    const m = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (!m || !/\brel\s*=\s*"?next"?/i.test(m[2] ?? "")) continue;
    const target = m[1] ?? "";
    let url: URL;
    try {
      url = new URL(target, "https://registry.invalid");
    } catch {
      return null;
    }
    const prefix = `/v2/${repositoryPath}`;
    if (!url.pathname.startsWith(`${prefix}/`)) return null;
    return url.pathname.slice(prefix.length) + url.search;
  }
  return null;
}

/**
 * Every tag of `repository`, page by page. `stale` is an expired cached list with its ETag: when the
 * registry answers 304 to it, that list is returned as still valid. `etag` is only reported for a
 * one-page list (an ETag of the first page says nothing about the others).
 */
export async function loadTags(
  ctx: RegistryContext,
  repository: string,
  options: {
    pageSize: number;
    maxPages: number;
    stale?: { value: string[]; etag: string } | undefined;
  },
): Promise<Result<{ tags: string[]; etag: string | null; revalidated: boolean }, RegistryError>> {
  const loc = ctx.where(repository);
  if (!loc.ok) return loc;
  const all: string[] = [];
  let etag: string | null = null;
  let path: string | null = `/tags/list?n=${options.pageSize}`;
  let page = 0;
  for (; path !== null; page++) {
    if (page >= options.maxPages)
      return invalid(
        repository,
        `${repository}: more than ${options.maxPages} pages of tags; stopped`,
      );
    const conditional: Record<string, string> =
      page === 0 && options.stale ? { "if-none-match": options.stale.etag } : {};
    const res = await ctx.get(loc.value, "GET", path, {
      accept: "application/json",
      ...conditional,
    });
    if (!res.ok) return fail(repository, res.error);
    if (res.value.status === 304 && options.stale)
      return ok({ tags: options.stale.value, etag: options.stale.etag, revalidated: true });
    if (res.value.status !== 200) return statusError(res.value, repository, "tags");
    if (page === 0) etag = res.value.headers.get("etag");
    const tags = parseTagPage(res.value.body);
    if (tags === null)
      return invalid(repository, `${repository}: the tag list is not {"tags": [...]}`);
    all.push(...tags);
    path = nextPage(res.value.headers.get("link"), loc.value.path);
  }
  return ok({ tags: all, etag: page === 1 ? etag : null, revalidated: false });
}
