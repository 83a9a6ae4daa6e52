import type { Result } from "../result.js";
import { ok } from "../result.js";
import { ciScheme } from "./ci-scheme.js";
import { isArtifactTag } from "./non-release.js";
import { rankTags } from "./rank.js";
import { regexScheme } from "./regex-scheme.js";
import { semverScheme } from "./semver-scheme.js";
import type { PolicyError, SelectInput, Selection } from "./types.js";

/**
 * Which tag the policy selects among `tags`: never one older than `current`, never a
 * signature/attestation tag, with a `why` that names what was chosen and what was skipped.
 */
export function selectTag(input: SelectInput): Result<Selection, PolicyError> {
  const { policy, tags, current } = input;
  if ("semver" in policy) {
    const scheme = semverScheme({ range: policy.semver, prerelease: policy.prerelease });
    return scheme.ok ? ok(rankTags(tags, scheme.value, current)) : scheme;
  }
  if ("regex" in policy) {
    const scheme = regexScheme(policy.regex, policy.order);
    return scheme.ok ? ok(rankTags(tags, scheme.value, current)) : scheme;
  }
  if ("ci" in policy) {
    const scheme = ciScheme(policy.ci, input.commitOrder);
    return scheme.ok ? ok(rankTags(tags, scheme.value, current)) : scheme;
  }
  return ok(trackedTag(tags, current));
}

/** `digest` policy: the tag stays as written; only its digest moves (see `decideDigest`). */
function trackedTag(tags: readonly string[], current: string | null): Selection {
  const base = { previous: current, skipped: [] };
  if (current === null)
    return {
      ...base,
      tag: null,
      candidates: [],
      why: "The digest policy tracks the tag in use, and there is none.",
    };
  if (isArtifactTag(current))
    return {
      ...base,
      tag: null,
      candidates: [],
      why: `${current} is a signature/attestation tag, not an image to track.`,
    };
  if (!tags.includes(current))
    return {
      ...base,
      tag: null,
      candidates: [],
      why: `${current} is no longer in the registry; its digest cannot be tracked.`,
    };
  return {
    ...base,
    tag: current,
    candidates: [current],
    why: `The digest policy keeps ${current} and follows its digest.`,
  };
}

export interface DigestDecision {
  changed: boolean;
  why: string;
}

/** Whether a tracked tag now points at different content. */
export function decideDigest(
  tag: string,
  currentDigest: string | null,
  remoteDigest: string,
): DigestDecision {
  if (currentDigest === null)
    return { changed: true, why: `${tag} is not pinned yet; pin it to ${remoteDigest}.` };
  if (currentDigest === remoteDigest)
    return { changed: false, why: `${tag} still points at ${remoteDigest}.` };
  return { changed: true, why: `${tag} moved from ${currentDigest} to ${remoteDigest}.` };
}
