import { z } from "zod";
import { fail, notFound, unwrap } from "../errors.js";
import { json, type RouteDef, type SimContext, type SimRequest } from "../http-types.js";
import { reviewCommentJson, reviewJson } from "../serialize/reviews.js";
import { submitPending, submitReview } from "../state/review-submit.js";
import type { RepoRecord, ReviewCommentRecord, ReviewRecord } from "../state/types.js";
import { actor, body, intParam, paginate } from "./input.js";
import { pullOf } from "./pulls.js";

const side = z.enum(["LEFT", "RIGHT"]);
export const comment = z.object({
  path: z.string(),
  body: z.string(),
  position: z.number().int().optional(),
  line: z.number().int().optional(),
  side: side.optional(),
  start_line: z.number().int().optional(),
  start_side: side.optional(),
});

function reviewOf(req: SimRequest): { repo: RepoRecord; review: ReviewRecord } {
  const { repo, pr } = pullOf(req);
  const review = repo.reviews.get(intParam(req, "review_id"));
  if (!review || review.pullNumber !== pr.number) return notFound();
  return { repo, review };
}

export const commentsJson = (ctx: SimContext, repo: RepoRecord, list: ReviewCommentRecord[]) =>
  list.map((c) => reviewCommentJson(ctx.urls, repo, c));

export const reviewRoutes: RouteDef[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    handler: (req, ctx) => {
      const { repo, pr } = pullOf(req);
      const reviews = [...repo.reviews.values()].filter((r) => r.pullNumber === pr.number);
      return paginate(
        req,
        ctx.urls,
        reviews.map((r) => reviewJson(ctx.urls, repo, r)),
      );
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    handler: (req, ctx) => {
      const { repo, pr } = pullOf(req);
      const input = body(
        req,
        z.object({
          commit_id: z.string().optional(),
          body: z.string().optional(),
          event: z.enum(["APPROVE", "REQUEST_CHANGES", "COMMENT"]).optional(),
          comments: z.array(comment).optional(),
        }),
      );
      const comments = (input.comments ?? []).map((c) => ({
        path: c.path,
        body: c.body,
        line: c.line,
        side: c.side,
        startLine: c.start_line,
        startSide: c.start_side,
        position: c.position,
      }));
      const review = unwrap(
        submitReview(ctx.state, repo, pr, {
          user: actor(req, ctx.state),
          body: input.body ?? "",
          event: input.event,
          commitId: input.commit_id,
          comments,
        }),
      );
      return json(200, reviewJson(ctx.urls, repo, review));
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}",
    handler: (req, ctx) => {
      const { repo, review } = reviewOf(req);
      return json(200, reviewJson(ctx.urls, repo, review));
    },
  },
  {
    method: "PUT",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}",
    handler: (req, ctx) => {
      const { repo, review } = reviewOf(req);
      review.body = body(req, z.object({ body: z.string() })).body;
      return json(200, reviewJson(ctx.urls, repo, review));
    },
  },
  {
    method: "DELETE",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}",
    handler: (req, ctx) => {
      const { repo, review } = reviewOf(req);
      if (review.state !== "PENDING")
        fail(422, "Unprocessable Entity", ["Can not delete a non-pending pull request review"]);
      repo.reviews.delete(review.id);
      for (const c of [...repo.reviewComments.values()]) {
        if (c.reviewId !== review.id) continue;
        repo.reviewComments.delete(c.id);
        repo.threads.delete(c.threadId);
      }
      return json(200, reviewJson(ctx.urls, repo, review));
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/events",
    handler: (req, ctx) => {
      const { repo, review } = reviewOf(req);
      const input = body(
        req,
        z.object({
          body: z.string().optional(),
          event: z.enum(["APPROVE", "REQUEST_CHANGES", "COMMENT"]),
        }),
      );
      return json(
        200,
        reviewJson(
          ctx.urls,
          repo,
          unwrap(submitPending(ctx.state, repo, review, input.event, input.body ?? "")),
        ),
      );
    },
  },
  {
    method: "PUT",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals",
    handler: (req, ctx) => {
      const { repo, review } = reviewOf(req);
      body(req, z.object({ message: z.string(), event: z.literal("DISMISS").optional() }));
      if (review.state === "PENDING")
        fail(422, "Unprocessable Entity", ["Can not dismiss a pending review"]);
      review.state = "DISMISSED";
      return json(200, reviewJson(ctx.urls, repo, review));
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/comments",
    handler: (req, ctx) => {
      const { repo, review } = reviewOf(req);
      return paginate(
        req,
        ctx.urls,
        commentsJson(
          ctx,
          repo,
          [...repo.reviewComments.values()].filter((c) => c.reviewId === review.id),
        ),
      );
    },
  },
];
