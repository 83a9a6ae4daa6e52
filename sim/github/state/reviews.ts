import { err, ok, type Result } from "../../../src/core/result.js";
import {
  commentableLines,
  diffHunkFor,
  lineAtPosition,
  type DiffLine,
  type Side,
} from "../diff-lines.js";
import type { SimFailure } from "../errors.js";
import { pullCommits, pullFiles } from "./pulls.js";
import type { SimState } from "./state.js";
import type {
  Account,
  PullRecord,
  RepoRecord,
  ReviewCommentRecord,
  ReviewRecord,
  ReviewState,
} from "./types.js";

export interface CommentInput {
  path: string;
  body: string;
  line?: number | undefined;
  side?: Side | undefined;
  startLine?: number | undefined;
  startSide?: Side | undefined;
  position?: number | undefined;
  subjectType?: "line" | "file" | undefined;
}

interface Placement {
  line: number | null;
  side: Side | null;
  startLine: number | null;
  startSide: Side | null;
  position: number | null;
  diffHunk: string;
  subjectType: "line" | "file";
}

const thread = (field: string, message: string): SimFailure => ({
  status: 422,
  message: "Validation Failed",
  errors: [
    {
      resource: "PullRequestReviewComment",
      code: "custom",
      field: `pull_request_review_thread.${field}`,
      message,
    },
  ],
  type: "UNPROCESSABLE",
});

/** Places a comment on the PR diff at `commitId`, or explains (in GitHub's words) why it cannot. */
export function placeComment(
  repo: RepoRecord,
  pr: PullRecord,
  commitId: string,
  c: CommentInput,
): Result<Placement, SimFailure> {
  const file = pullFiles(repo, pr, commitId).find((f) => f.filename === c.path);
  if (!file)
    return err(
      thread("path", "pull_request_review_thread.path is invalid: Path could not be resolved"),
    );
  if (c.subjectType === "file") {
    return ok({
      line: null,
      side: null,
      startLine: null,
      startSide: null,
      position: null,
      diffHunk: "",
      subjectType: "file",
    });
  }
  const lines = commentableLines(file.hunks);
  let target: DiffLine | undefined;
  if (c.line !== undefined) {
    target = lines.get(`${c.side ?? "RIGHT"}:${c.line}`);
    if (!target)
      return err(thread("line", "pull_request_review_thread.line must be part of the diff"));
  } else if (c.position !== undefined) {
    target = lineAtPosition(lines, c.position);
    if (!target)
      return err(
        thread(
          "position",
          "pull_request_review_thread.position is invalid: Line could not be resolved",
        ),
      );
  } else {
    return err(thread("line", "pull_request_review_thread.line can't be blank"));
  }
  let startLine: number | null = null;
  let startSide: Side | null = null;
  if (c.startLine !== undefined) {
    const start = lines.get(`${c.startSide ?? target.side}:${c.startLine}`);
    if (!start)
      return err(
        thread("start_line", "pull_request_review_thread.start_line must be part of the diff"),
      );
    if (start.hunk !== target.hunk) {
      return err(
        thread(
          "start_line",
          "pull_request_review_thread.start_line must be part of the same hunk as the line.",
        ),
      );
    }
    if (start.position >= target.position) {
      return err(
        thread("start_line", "pull_request_review_thread.start_line must precede the end line."),
      );
    }
    startLine = start.line;
    startSide = start.side;
  }
  return ok({
    line: target.line,
    side: target.side,
    startLine,
    startSide,
    position: target.position,
    diffHunk: diffHunkFor(file.hunks, target),
    subjectType: "line",
  });
}

export function addComment(
  state: SimState,
  repo: RepoRecord,
  pr: PullRecord,
  review: ReviewRecord,
  placement: Placement,
  input: { path: string; body: string; inReplyTo: ReviewCommentRecord | null },
): ReviewCommentRecord {
  const now = state.timestamp();
  const id = state.nextId();
  let threadId = input.inReplyTo?.threadId;
  if (threadId === undefined) {
    threadId = state.nextId();
    repo.threads.set(threadId, {
      id: threadId,
      pullNumber: pr.number,
      path: input.path,
      resolved: false,
      resolvedBy: null,
      commentIds: [],
    });
  }
  repo.threads.get(threadId)?.commentIds.push(id);
  const record: ReviewCommentRecord = {
    id,
    pullNumber: pr.number,
    reviewId: review.id,
    threadId,
    user: review.user,
    body: input.body,
    path: input.path,
    commitId: review.commitId,
    ...placement,
    inReplyTo: input.inReplyTo?.id ?? null,
    reactions: [],
    createdAt: now,
    updatedAt: now,
  };
  repo.reviewComments.set(id, record);
  return record;
}

export type ReviewEvent = "APPROVE" | "REQUEST_CHANGES" | "COMMENT" | undefined;

const eventState: Record<string, ReviewState> = {
  APPROVE: "APPROVED",
  REQUEST_CHANGES: "CHANGES_REQUESTED",
  COMMENT: "COMMENTED",
};

/** Checks a review submission against GitHub's rules; returns the state it gets. */
export function reviewState(
  repo: RepoRecord,
  pr: PullRecord,
  user: Account,
  event: ReviewEvent,
  body: string,
  commentCount: number,
): Result<ReviewState, SimFailure> {
  const author = repo.issues.get(pr.number)?.user;
  const bad = (m: string): SimFailure => ({
    status: 422,
    message: "Unprocessable Entity",
    errors: [m],
    type: "UNPROCESSABLE",
  });
  if (event === "APPROVE" && author?.id === user.id)
    return err(bad("Can not approve your own pull request"));
  if (event === "REQUEST_CHANGES" && author?.id === user.id)
    return err(bad("Can not request changes on your own pull request"));
  if ((event === "REQUEST_CHANGES" || event === "COMMENT") && !body.trim() && commentCount === 0) {
    return err(bad("Review Body is required"));
  }
  return ok(event ? (eventState[event] as ReviewState) : "PENDING");
}

export function checkCommitOfPull(
  repo: RepoRecord,
  pr: PullRecord,
  commitId: string,
): Result<string, SimFailure> {
  if (pullCommits(repo, pr).includes(commitId)) return ok(commitId);
  return err({
    status: 422,
    message: "Unprocessable Entity",
    errors: ["commit_id is not part of the pull request"],
  });
}
