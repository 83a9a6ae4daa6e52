import { isArtifactTag } from "../core/versions/non-release.js";
import { compareTags } from "../core/scan/compare-tags.js";
import type { Registry } from "../ports/registry.js";

/** Tags whose digests are compared at most, newest first, before giving up. */
const MAX_LOOKUPS = 50;

/**
 * The tag a digest-only push (GAR untagged upload, distribution push by digest, Harbor's digest
 * "tag") was given, found by comparing tag digests, newest-looking tags first. Null when no
 * release tag points at it (an untagged push proposes nothing).
 */
export async function tagForDigest(
  registry: Registry,
  repository: string,
  digest: string,
): Promise<string | null> {
  const listed = await registry.listTags(repository);
  if (!listed.ok) return null;
  const tags = listed.value
    .filter((t) => !isArtifactTag(t))
    .sort((a, b) => compareTags(b, a) ?? 0)
    .slice(0, MAX_LOOKUPS);
  for (const tag of tags) {
    const found = await registry.getDigest(repository, tag);
    if (found.ok && found.value === digest) return tag;
  }
  return null;
}
