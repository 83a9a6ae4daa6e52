import { z } from "zod";
import { notFound } from "../errors.js";
import { json, type RouteDef, type SimContext, type SimRequest } from "../http-types.js";
import { REACTIONS, reactionJson } from "../serialize/issues.js";
import type { ReactionRecord } from "../state/types.js";
import { actor, body, intParam, paginate, repoOf } from "./input.js";

type Target = (req: SimRequest) => ReactionRecord[];

const issueTarget: Target = (req) =>
  (repoOf(req).issues.get(intParam(req, "issue_number")) ?? notFound()).reactions;
const issueCommentTarget: Target = (req) =>
  (repoOf(req).issueComments.get(intParam(req, "comment_id")) ?? notFound()).reactions;
const reviewCommentTarget: Target = (req) =>
  (repoOf(req).reviewComments.get(intParam(req, "comment_id")) ?? notFound()).reactions;

function react(target: Target) {
  return (req: SimRequest, ctx: SimContext) => {
    const list = target(req);
    const { content } = body(req, z.object({ content: z.enum(REACTIONS) }));
    const user = actor(req, ctx.state);
    const existing = list.find((r) => r.user.id === user.id && r.content === content);
    if (existing) return json(200, reactionJson(ctx.urls, existing));
    const reaction: ReactionRecord = {
      id: ctx.state.nextId(),
      user,
      content,
      createdAt: ctx.state.timestamp(),
    };
    list.push(reaction);
    return json(201, reactionJson(ctx.urls, reaction));
  };
}

function list(target: Target) {
  return (req: SimRequest, ctx: SimContext) => {
    const content = req.query.get("content");
    const items = target(req).filter((r) => !content || r.content === content);
    return paginate(
      req,
      ctx.urls,
      items.map((r) => reactionJson(ctx.urls, r)),
    );
  };
}

const base = "/repos/{owner}/{repo}";
export const reactionRoutes: RouteDef[] = [
  {
    method: "POST",
    template: `${base}/issues/{issue_number}/reactions`,
    handler: react(issueTarget),
  },
  {
    method: "GET",
    template: `${base}/issues/{issue_number}/reactions`,
    handler: list(issueTarget),
  },
  {
    method: "POST",
    template: `${base}/issues/comments/{comment_id}/reactions`,
    handler: react(issueCommentTarget),
  },
  {
    method: "GET",
    template: `${base}/issues/comments/{comment_id}/reactions`,
    handler: list(issueCommentTarget),
  },
  {
    method: "POST",
    template: `${base}/pulls/comments/{comment_id}/reactions`,
    handler: react(reviewCommentTarget),
  },
  {
    method: "GET",
    template: `${base}/pulls/comments/{comment_id}/reactions`,
    handler: list(reviewCommentTarget),
  },
];
