import { err, ok, type Result } from "../../../src/core/result.js";
import type { SimFailure } from "../errors.js";
import { headSha } from "./pulls.js";
import {
  addComment,
  checkCommitOfPull,
  placeComment,
  reviewState,
  type CommentInput,
  type ReviewEvent,
} from "./reviews.js";
import type { SimState } from "./state.js";
import type { Account, PullRecord, RepoRecord, ReviewRecord } from "./types.js";

export interface ReviewInput {
  user: Account;
  body: string;
  event: ReviewEvent;
  commitId?: string | undefined;
  comments: CommentInput[];
}

/** Creates a review with its inline comments, all or nothing, as POST …/reviews does. */
export function submitReview(
  state: SimState,
  repo: RepoRecord,
  pr: PullRecord,
  input: ReviewInput,
): Result<ReviewRecord, SimFailure> {
  const commit = checkCommitOfPull(repo, pr, input.commitId ?? headSha(repo, pr));
  if (!commit.ok) return commit;
  const target = reviewState(repo, pr, input.user, input.event, input.body, input.comments.length);
  if (!target.ok) return target;
  if (target.value === "PENDING") {
    for (const r of repo.reviews.values()) {
      if (r.pullNumber === pr.number && r.user.id === input.user.id && r.state === "PENDING") {
        return err({
          status: 422,
          message: "Unprocessable Entity",
          errors: ["User can only have one pending review per pull request"],
        });
      }
    }
  }
  const placements = [];
  for (const c of input.comments) {
    const placed = placeComment(repo, pr, commit.value, c);
    if (!placed.ok) return placed;
    placements.push({ placed: placed.value, c });
  }
  const review: ReviewRecord = {
    id: state.nextId(),
    pullNumber: pr.number,
    user: input.user,
    body: input.body,
    state: target.value,
    commitId: commit.value,
    submittedAt: target.value === "PENDING" ? null : state.timestamp(),
  };
  repo.reviews.set(review.id, review);
  for (const { placed, c } of placements) {
    addComment(state, repo, pr, review, placed, { path: c.path, body: c.body, inReplyTo: null });
  }
  return ok(review);
}

/** Submits a pending review (POST …/reviews/{id}/events). */
export function submitPending(
  state: SimState,
  repo: RepoRecord,
  review: ReviewRecord,
  event: ReviewEvent,
  body: string,
): Result<ReviewRecord, SimFailure> {
  const pr = repo.pulls.get(review.pullNumber);
  if (!pr || review.state !== "PENDING")
    return err({
      status: 422,
      message: "Unprocessable Entity",
      errors: ["Can not submit a review that is not pending"],
    });
  const comments = [...repo.reviewComments.values()].filter((c) => c.reviewId === review.id).length;
  const target = reviewState(repo, pr, review.user, event, body || review.body, comments);
  if (!target.ok) return target;
  review.state = target.value;
  if (body) review.body = body;
  review.submittedAt = state.timestamp();
  return ok(review);
}
