import type { PullRequestState } from "./types.js";

/** What a bump PR should carry besides its commit. */
export interface WantedDecoration {
  labels: string[];
  reviewers: string[];
  teamReviewers: string[];
  automerge: boolean;
}

/** The parts of a decoration still to apply (each request is independent of the others). */
export interface DecorationSteps {
  labels: string[];
  reviewers: string[];
  /** Present only when teams are to be asked. */
  teamReviewers?: string[];
  automerge: boolean;
}

/**
 * GitHub accepts auto-merge only while a PR waits for something (a required check or review, an
 * out-of-date head); it refuses one that could merge now ("clean status", `CLEAN`, `UNSTABLE`,
 * `HAS_HOOKS`). `UNKNOWN` is still being computed: worth a try.
 */
const WAITING = new Set(["BLOCKED", "BEHIND", "UNKNOWN"]);

const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));

/**
 * What is still missing from a PR's decoration, read from its state as GitHub reports it, so the
 * parts can be applied in parallel and a run that failed half-way finishes the rest, whichever it
 * is. `pr` is null for a PR about to be opened; `rewritten` is true when its commit was just
 * written again (a new head changes what GitHub decides about auto-merge).
 *
 * Auto-merge is asked for again only while GitHub would accept it: a refusal because the PR has
 * nothing to wait for lasts until its state changes, so it is not retried on every event. Labels
 * are added, never removed; reviewers are asked again only when none of them is requested and none
 * has reviewed (a person who removed some of them is not overruled). Without a reported state (a
 * caller that did not read it), the labels stand for the whole decoration.
 */
export function decorationSteps(
  pr: PullRequestState | null,
  wanted: WantedDecoration,
  rewritten: boolean,
): DecorationSteps | null {
  const full = (): DecorationSteps | null =>
    steps(
      wanted.labels,
      wanted.reviewers.length + wanted.teamReviewers.length > 0,
      wanted.automerge,
    );
  const steps = (labels: string[], reviewers: boolean, automerge: boolean) =>
    labels.length === 0 && !reviewers && !automerge
      ? null
      : {
          labels,
          reviewers: reviewers ? wanted.reviewers : [],
          ...(reviewers &&
            wanted.teamReviewers.length > 0 && { teamReviewers: wanted.teamReviewers }),
          automerge,
        };
  if (pr === null) return full();
  const present = lower(pr.labels);
  const labels = wanted.labels.filter((l) => !present.has(l.toLowerCase()));
  const state = pr.decoration;
  if (!state) return labels.length > 0 ? full() : null;
  const asked = lower(state.reviewers);
  const everyone = [...wanted.reviewers, ...wanted.teamReviewers];
  const reviewers = everyone.length > 0 && !everyone.some((r) => asked.has(r.toLowerCase()));
  const automerge =
    wanted.automerge &&
    !state.autoMerge &&
    (rewritten || state.mergeState === null || WAITING.has(state.mergeState));
  return steps(labels, reviewers, automerge);
}
