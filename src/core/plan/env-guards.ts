import type { ImageRule } from "../config/schema.js";
import { RETRY_LABEL } from "../dashboard/labels.js";
import { isIgnored } from "../dashboard/rules.js";
import { parseMarker } from "../pr/marker.js";
import { displayImage } from "../pr/title.js";
import { acceptTag } from "./accept-tag.js";
import { configIgnore } from "./config-ignore.js";
import type { EnvironmentRequirement } from "./promotion.js";
import { promotionReadiness, requirementOf } from "./promotion.js";
import type { BranchState, PullRequestState, RepoBumpInput, SkipState } from "./types.js";

/** Label that freezes a bump PR: no updates, no auto-merge (`/hold`). */
export const HOLD_LABEL = "bumpwarden:hold";

export const NO_BRANCH: BranchState = { exists: false, headAuthor: null, pullRequests: [] };

export interface GuardInput {
  input: RepoBumpInput;
  environment: string;
  state: BranchState;
  /** The open bump PR of this environment, if any. */
  open: PullRequestState | null;
  /** The newest tag this environment uses now. */
  current: string | null;
  rule: ImageRule | undefined;
  branchOf: (environment: string) => string;
}

export type Guard =
  | { kind: "skip"; state: SkipState; why: string; readyAt?: Date }
  | { kind: "go"; why: string; requirement: EnvironmentRequirement };

/**
 * Whether the pushed tag may be proposed to one environment, checked in this order: a hold, the
 * image's `allowIn`, ignore rules (dashboard, then `images[].ignore`), a PR closed without merging
 * (the version was declined), the tag policy (never a downgrade, never an open PR moved back),
 * the signature requirement, supply-chain gates, then promotion (`requires` merged with green
 * checks and soaked, unless `/promote` forced it). The first that says no is the reason.
 */
export function guardEnvironment(g: GuardInput): Guard {
  const { input, environment, state, open, current, rule, branchOf } = g;
  const { config, repository, tag, digest } = input;
  const skip = (s: SkipState, why: string, extra: { readyAt?: Date } = {}): Guard => ({
    kind: "skip",
    state: s,
    why,
    ...extra,
  });

  if (open?.labels.includes(HOLD_LABEL))
    return skip("held", `#${open.number} is on hold (/unhold to resume)`);
  if (rule?.allowIn && !rule.allowIn.includes(environment))
    return skip(
      "not-allowed",
      `${displayImage(repository)} is allowed only in ${rule.allowIn.join(", ")}`,
    );
  const ignored = isIgnored(input.ignores ?? [], { repository, environment, tag, current });
  if (ignored) return skip("ignored", ignored);
  const configured = configIgnore(rule?.ignore, tag);
  if (configured !== undefined)
    return skip(
      "ignored",
      `${tag} matches "${configured}" in images[].ignore of .github/bumpwarden.yml`,
    );
  const closed = state.pullRequests.find(
    (pr) =>
      pr.state === "CLOSED" &&
      !pr.labels.includes(RETRY_LABEL) &&
      sameProposal(pr.body, tag, digest),
  );
  if (closed)
    return skip(
      "ignored",
      `${tag} was declined in #${closed.number} (closed without merging); /unignore to propose it again`,
    );
  const verdict =
    current === tag
      ? { accept: true, why: `${tag} is deployed; its digest may move.` }
      : acceptTag(rule?.policy, tag, current, input.evidence.commits);
  if (!verdict.accept) return skip("policy", verdict.why);
  // Events arrive out of order (retries, redeliveries, reconcile): never move an open PR back.
  const proposed = open ? parseMarker(open.body)?.tag : undefined;
  if (
    open &&
    proposed &&
    proposed !== tag &&
    !acceptTag(rule?.policy, tag, proposed, input.evidence.commits).accept
  )
    return skip("policy", `#${open.number} already proposes ${proposed}, newer than ${tag}`);
  if (rule?.verify?.cosign && input.evidence.signature?.verified !== true)
    return skip(
      "unverified",
      `signature not verified: ${input.evidence.signature?.reason ?? "no verification result"}`,
    );
  const blocking = (input.evidence.gates?.[environment] ?? []).filter((b) => b.result === "block");
  if (blocking.length > 0)
    return skip("gated", blocking.map((b) => `${b.gate}: ${b.reason}`).join("; "));
  const requirement = requirementOf(config, environment);
  if (requirement.requires && input.force !== environment) {
    const history = (input.branches[branchOf(requirement.requires)] ?? NO_BRANCH).pullRequests;
    const ready = promotionReadiness(
      tag,
      requirement.requires,
      history,
      requirement.soakMs,
      input.now,
    );
    if (!ready.ready)
      return skip("waiting", ready.why, ready.readyAt ? { readyAt: ready.readyAt } : {});
  }
  return { kind: "go", why: verdict.why, requirement };
}

/** True when a PR body's marker proposes exactly this tag and digest. */
export function sameProposal(body: string, tag: string, digest: string | null): boolean {
  const marker = parseMarker(body);
  return (
    marker !== undefined && marker.tag === tag && (digest === null || marker.digest === digest)
  );
}
