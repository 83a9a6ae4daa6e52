import type { TagPolicy } from "../config/schema.js";
import { compareTags } from "../scan/compare-tags.js";
import { commitOfTag, ordersByCommit } from "../versions/ci-scheme.js";
import { isArtifactTag } from "../versions/non-release.js";
import { selectTag } from "../versions/select.js";
import { parseSemverTag } from "../versions/semver-scheme.js";
import type { CommitRelation } from "./types.js";

export interface TagVerdict {
  accept: boolean;
  why: string;
}

const VERSIONISH = /^[vV]?\d+(?:\.\d+)*(?:[-+._][0-9A-Za-z.+-]*)?$/;

/**
 * Whether a pushed tag should replace `current` under the image's policy. Without a policy,
 * versions move forward only (never down, pre-releases only from a pre-release) and non-version
 * tags (CI tags like `sha-3f2a9c1`) move to whatever was pushed, but never between the two kinds.
 * A `ci` policy whose tags name commits orders them by `commits` (the pushed tag's commit against
 * each tag in use); a pair it could not order is refused, never guessed.
 */
export function acceptTag(
  policy: TagPolicy | undefined,
  candidate: string,
  current: string | null,
  commits?: Readonly<Record<string, CommitRelation>>,
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
    if ("ci" in policy && ordersByCommit(policy.ci)) {
      if (commits && current !== null)
        return byCommit(policy, policy.ci, candidate, current, commits[current]);
      // Nothing in use to order against: the tag only has to follow the template.
      const sha = current === null ? commitOfTag(policy.ci, candidate) : null;
      if (sha !== null) return fromSelection(policy, candidate, null, [sha]);
    }
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

/** A CI tag against the one in use, ordered by how their commits relate (never by their text). */
function byCommit(
  policy: TagPolicy,
  template: string,
  candidate: string,
  current: string,
  relation: CommitRelation | undefined,
): TagVerdict {
  const pushed = commitOfTag(template, candidate);
  const inUse = commitOfTag(template, current);
  if (pushed !== null && inUse !== null) {
    if (!relation || relation.pushed === "unknown")
      return {
        accept: false,
        why: `${candidate} and ${current} cannot be ordered by commit: ${relation?.why ?? `the commit of ${current} was not compared.`} bumpwarden does not guess.`,
      };
    const commitOrder =
      relation.pushed === "newer"
        ? [inUse, pushed]
        : relation.pushed === "older"
          ? [pushed, inUse]
          : [pushed];
    return fromSelection(policy, candidate, current, commitOrder, relation.why);
  }
  if (pushed === null)
    return { accept: false, why: `${candidate} is not a tag of the form "${template}".` };
  // The tag in use does not match the template: the policy explains what it wants.
  return fromSelection(policy, candidate, current, [pushed]);
}

function fromSelection(
  policy: TagPolicy,
  candidate: string,
  current: string | null,
  commitOrder: string[],
  also?: string,
): TagVerdict {
  const selected = selectTag({ tags: [candidate], policy, current, commitOrder });
  if (!selected.ok) return { accept: false, why: selected.error.message };
  const { tag, why } = selected.value;
  return { accept: tag === candidate, why: also ? `${why} ${also}` : why };
}
