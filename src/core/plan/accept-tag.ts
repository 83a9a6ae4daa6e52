import type { TagPolicy } from "../config/schema.js";
import { compareTags } from "../scan/compare-tags.js";
import { isArtifactTag } from "../versions/non-release.js";
import { selectTag } from "../versions/select.js";
import { parseSemverTag } from "../versions/semver-scheme.js";

export interface TagVerdict {
  accept: boolean;
  why: string;
}

const VERSIONISH = /^[vV]?\d+(?:\.\d+)*(?:[-+._][0-9A-Za-z.+-]*)?$/;

/**
 * Whether a pushed tag should replace `current` under the image's policy. Without a policy,
 * versions move forward only (never down, pre-releases only from a pre-release) and non-version
 * tags (CI tags like `sha-3f2a9c1`) move to whatever was pushed, but never between the two kinds.
 */
export function acceptTag(
  policy: TagPolicy | undefined,
  candidate: string,
  current: string | null,
): TagVerdict {
  if (isArtifactTag(candidate))
    return {
      accept: false,
      why: `${candidate} is a signature or attestation tag, not an image release.`,
    };
  if (candidate === current) return { accept: false, why: `${candidate} is already deployed.` };
  if (policy) {
    if ("digest" in policy)
      return {
        accept: false,
        why: "The digest policy keeps the tag as written and follows its digest only.",
      };
    const selected = selectTag({ tags: [candidate], policy, current });
    if (!selected.ok) return { accept: false, why: selected.error.message };
    return { accept: selected.value.tag === candidate, why: selected.value.why };
  }
  if (current === null)
    return { accept: true, why: `No tag is deployed yet; ${candidate} was pushed.` };
  if (parseSemverTag(candidate) && parseSemverTag(current)) {
    const selected = selectTag({ tags: [candidate], policy: { semver: "*" }, current });
    if (selected.ok) return { accept: selected.value.tag === candidate, why: selected.value.why };
  }
  const order = compareTags(current, candidate);
  if (order !== undefined)
    return order < 0
      ? { accept: true, why: `${candidate} is a newer version than ${current}.` }
      : {
          accept: false,
          why: `${candidate} is not newer than ${current}; bumpwarden never downgrades.`,
        };
  const currentIsVersion = VERSIONISH.test(current);
  const candidateIsVersion = VERSIONISH.test(candidate);
  if (currentIsVersion || candidateIsVersion)
    return {
      accept: false,
      why: `${candidate} and ${current} cannot be ordered (one is a version, the other is not); set a tag policy for this image.`,
    };
  return {
    accept: true,
    why: `${candidate} was pushed after ${current}; neither is a version, so push order decides.`,
  };
}
