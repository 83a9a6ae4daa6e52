import { z } from "zod";
import { fail, notFound, unwrap } from "../errors.js";
import { json, type RouteDef, type SimRequest } from "../http-types.js";
import { reviewCommentJson } from "../serialize/reviews.js";
import { headSha } from "../state/pulls.js";
import { addComment, checkCommitOfPull, placeComment } from "../state/reviews.js";
import type { RepoRecord, ReviewCommentRecord, ReviewRecord } from "../state/types.js";
import { actor, body, intParam, paginate, repoOf } from "./input.js";
import { pullOf } from "./pulls.js";
import { comment, commentsJson } from "./reviews.js";

function commentOf(req: SimRequest): { repo: RepoRecord; comment: ReviewCommentRecord } {
  const repo = repoOf(req);
  return { repo, comment: repo.reviewComments.get(intParam(req, "comment_id")) ?? notFound() };
}

/** Review comments others may see: not those of someone else's pending review. */
function visible(repo: RepoRecord, c: ReviewCommentRecord): boolean {
  return repo.reviews.get(c.reviewId)?.state !== "PENDING";
}

export const reviewCommentRoutes: RouteDef[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/comments",
    handler: (req, ctx) => {
      const { repo, pr } = pullOf(req);
      return paginate(
        req,
        ctx.urls,
        commentsJson(
          ctx,
          repo,
          [...repo.reviewComments.values()].filter(
            (c) => c.pullNumber === pr.number && visible(repo, c),
          ),
        ),
      );
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/comments",
    handler: (req, ctx) => {
      const { repo, pr } = pullOf(req);
      const input = body(
        req,
        comment.extend({
          commit_id: z.string().optional(),
          in_reply_to: z.number().int().optional(),
          subject_type: z.enum(["line", "file"]).optional(),
          path: z.string().optional(),
        }),
      );
      const user = actor(req, ctx.state);
      const parent =
        input.in_reply_to !== undefined
          ? (repo.reviewComments.get(input.in_reply_to) ?? notFound())
          : null;
      const commitId = unwrap(checkCommitOfPull(repo, pr, input.commit_id ?? headSha(repo, pr)));
      const path =
        parent?.path ??
        input.path ??
        fail(422, "Validation Failed", [
          { resource: "PullRequestReviewComment", code: "missing_field", field: "path" },
        ]);
      const placement = parent
        ? {
            line: parent.line,
            side: parent.side,
            startLine: parent.startLine,
            startSide: parent.startSide,
            position: parent.position,
            diffHunk: parent.diffHunk,
            subjectType: parent.subjectType,
          }
        : unwrap(
            placeComment(repo, pr, commitId, {
              path,
              body: input.body,
              line: input.line,
              side: input.side,
              startLine: input.start_line,
              startSide: input.start_side,
              position: input.position,
              subjectType: input.subject_type,
            }),
          );
      const review: ReviewRecord = {
        id: ctx.state.nextId(),
        pullNumber: pr.number,
        user,
        body: "",
        state: "COMMENTED",
        commitId,
        submittedAt: ctx.state.timestamp(),
      };
      repo.reviews.set(review.id, review);
      return json(
        201,
        reviewCommentJson(
          ctx.urls,
          repo,
          addComment(ctx.state, repo, pr, review, placement, {
            path,
            body: input.body,
            inReplyTo: parent,
          }),
        ),
      );
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies",
    handler: (req, ctx) => {
      const { repo, pr } = pullOf(req);
      const parent = repo.reviewComments.get(intParam(req, "comment_id")) ?? notFound();
      const input = body(req, z.object({ body: z.string() }));
      const review: ReviewRecord = {
        id: ctx.state.nextId(),
        pullNumber: pr.number,
        user: actor(req, ctx.state),
        body: "",
        state: "COMMENTED",
        commitId: parent.commitId,
        submittedAt: ctx.state.timestamp(),
      };
      repo.reviews.set(review.id, review);
      const { line, side: s, startLine, startSide, position, diffHunk, subjectType } = parent;
      return json(
        201,
        reviewCommentJson(
          ctx.urls,
          repo,
          addComment(
            ctx.state,
            repo,
            pr,
            review,
            { line, side: s, startLine, startSide, position, diffHunk, subjectType },
            { path: parent.path, body: input.body, inReplyTo: parent },
          ),
        ),
      );
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/comments",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      return paginate(
        req,
        ctx.urls,
        commentsJson(
          ctx,
          repo,
          [...repo.reviewComments.values()].filter((c) => visible(repo, c)),
        ),
      );
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/comments/{comment_id}",
    handler: (req, ctx) => {
      const { repo, comment: c } = commentOf(req);
      return json(200, reviewCommentJson(ctx.urls, repo, c));
    },
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/pulls/comments/{comment_id}",
    handler: (req, ctx) => {
      const { repo, comment: c } = commentOf(req);
      c.body = body(req, z.object({ body: z.string() })).body;
      c.updatedAt = ctx.state.timestamp();
      return json(200, reviewCommentJson(ctx.urls, repo, c));
    },
  },
  {
    method: "DELETE",
    template: "/repos/{owner}/{repo}/pulls/comments/{comment_id}",
    handler: (req) => {
      const { repo, comment: c } = commentOf(req);
      repo.reviewComments.delete(c.id);
      const thread = repo.threads.get(c.threadId);
      if (thread) {
        thread.commentIds = thread.commentIds.filter((id) => id !== c.id);
        if (thread.commentIds.length === 0) repo.threads.delete(thread.id);
      }
      return { status: 204 };
    },
  },
];
