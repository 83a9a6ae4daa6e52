import type { Referrers, RegistryError } from "../../ports/registry.js";
import type { Result } from "../../core/result.js";
import { ok } from "../../core/result.js";
import type { RegistryContext } from "./context.js";
import { fail, invalid, statusError } from "./context.js";
import { MEDIA, parseManifest } from "./manifest.js";
import type { HttpResult } from "./transport.js";

/** Referrers API answers that mean "no referrers API here": use the tag schema. */
const NO_REFERRERS_API = new Set([400, 404, 405, 501]);
/** How long a host without the referrers API is not asked again (registries get upgraded). */
const NO_API_MEMORY_MS = 3_600_000;

/**
 * Referrers of `digest`: `GET /v2/<name>/referrers/<digest>`, else the referrers tag schema
 * (`sha256-<hex>` holding an index; none means no referrers). Unfiltered: callers filter.
 */
export function createReferrersLoader(ctx: RegistryContext) {
  const noApiUntil = new Map<string, number>();
  return async (repository: string, digest: string): Promise<Result<Referrers, RegistryError>> => {
    const loc = ctx.where(repository);
    if (!loc.ok) return loc;
    const host = loc.value.apiHost;
    const now = ctx.clock.now().getTime();
    if ((noApiUntil.get(host) ?? 0) <= now) {
      const api = await ctx.get(loc.value, "GET", `/referrers/${digest}`, {
        accept: MEDIA.ociIndex,
      });
      if (!api.ok) return fail(repository, api.error);
      if (api.value.status === 200) return indexDescriptors(api.value, repository, "api");
      if (!NO_REFERRERS_API.has(api.value.status))
        return statusError(api.value, repository, "referrers");
      noApiUntil.set(host, now + NO_API_MEMORY_MS);
    }
    const tag = await ctx.get(loc.value, "GET", `/manifests/${digest.replace(":", "-")}`, {
      accept: `${MEDIA.ociIndex}, ${MEDIA.dockerList}`,
    });
    if (!tag.ok) return fail(repository, tag.error);
    if (tag.value.status === 404) return ok({ via: "tag-schema", descriptors: [] });
    if (tag.value.status !== 200) return statusError(tag.value, repository, "referrers tag");
    return indexDescriptors(tag.value, repository, "tag-schema");
  };
}

function indexDescriptors(
  res: HttpResult,
  repository: string,
  via: Referrers["via"],
): Result<Referrers, RegistryError> {
  const index = parseManifest(res.body, res.headers.get("content-type"));
  if (typeof index === "string" || index.kind !== "index")
    return invalid(repository, `${repository}: the referrers list is not an image index`);
  return ok({ via, descriptors: index.manifests });
}
