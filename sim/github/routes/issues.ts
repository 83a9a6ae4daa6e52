import { z } from "zod";
import { fail, notFound, validationFailed } from "../errors.js";
import { json, noContent, type RouteDef, type SimRequest } from "../http-types.js";
import { issueCommentJson, issueJson } from "../serialize/issues.js";
import { addLabels, BODY_LIMIT, createIssue } from "../state/issues.js";
import type { IssueRecord, RepoRecord } from "../state/types.js";
import { actor, body, intParam, paginate, repoOf } from "./input.js";
import { labelNames } from "./labels.js";

export function issueOf(req: SimRequest): { repo: RepoRecord; issue: IssueRecord } {
  const repo = repoOf(req);
  return { repo, issue: repo.issues.get(intParam(req, "issue_number")) ?? notFound() };
}

function checkBody(resource: string, text: string | null | undefined): void {
  if (text && text.length > BODY_LIMIT)
    validationFailed(
      resource,
      "body",
      "custom",
      `body is too long (maximum is ${BODY_LIMIT} characters)`,
    );
}

export const issueRoutes: RouteDef[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const state = req.query.get("state") ?? "open";
      const labels = (req.query.get("labels") ?? "")
        .split(",")
        .map((l) => l.trim().toLowerCase())
        .filter(Boolean);
      const creator = req.query.get("creator")?.toLowerCase();
      let issues = [...repo.issues.values()].filter(
        (i) =>
          (state === "all" || i.state === state) &&
          labels.every((l) => i.labels.some((x) => x.toLowerCase() === l)) &&
          (!creator || i.user.login.toLowerCase() === creator),
      );
      issues = issues.sort((a, b) => b.number - a.number);
      if (req.query.get("direction") === "asc") issues.reverse();
      return paginate(
        req,
        ctx.urls,
        issues.map((i) => issueJson(ctx.urls, repo, i)),
      );
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/issues",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const input = body(
        req,
        z.object({
          title: z.union([z.string(), z.number()]),
          body: z.string().nullable().optional(),
          labels: labelNames.optional(),
          assignees: z.array(z.string()).optional(),
        }),
      );
      checkBody("Issue", input.body);
      const issue = createIssue(ctx.state, repo, {
        title: String(input.title),
        body: input.body ?? null,
        user: actor(req, ctx.state),
        labels: input.labels ?? [],
        assignees: input.assignees ?? [],
      });
      return json(201, issueJson(ctx.urls, repo, issue));
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}",
    handler: (req, ctx) => {
      const { repo, issue } = issueOf(req);
      return json(200, issueJson(ctx.urls, repo, issue));
    },
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/issues/{issue_number}",
    handler: (req, ctx) => {
      const { repo, issue } = issueOf(req);
      const input = body(
        req,
        z.object({
          title: z.union([z.string(), z.number()]).optional(),
          body: z.string().nullable().optional(),
          state: z.enum(["open", "closed"]).optional(),
          state_reason: z.string().nullable().optional(),
          labels: labelNames.optional(),
          assignees: z.array(z.string()).optional(),
        }),
      );
      checkBody("Issue", input.body);
      if (input.title !== undefined) issue.title = String(input.title);
      if (input.body !== undefined) issue.body = input.body;
      if (input.state && input.state !== issue.state) {
        if (issue.isPull)
          fail(422, "Use the pull request endpoints to change a pull request's state");
        issue.state = input.state;
        issue.closedAt = input.state === "closed" ? ctx.state.timestamp() : null;
        issue.stateReason =
          input.state === "closed" ? (input.state_reason ?? "completed") : "reopened";
      }
      if (input.labels) {
        issue.labels = [];
        addLabels(ctx.state, repo, issue, input.labels);
      }
      if (input.assignees) issue.assignees = input.assignees.map((a) => ctx.state.user(a));
      issue.updatedAt = ctx.state.timestamp();
      return json(200, issueJson(ctx.urls, repo, issue));
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    handler: (req, ctx) => {
      const { repo, issue } = issueOf(req);
      const comments = [...repo.issueComments.values()].filter(
        (c) => c.issueNumber === issue.number,
      );
      return paginate(
        req,
        ctx.urls,
        comments.map((c) => issueCommentJson(ctx.urls, repo, c)),
      );
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    handler: (req, ctx) => {
      const { repo, issue } = issueOf(req);
      const input = body(req, z.object({ body: z.string() }));
      checkBody("IssueComment", input.body);
      const now = ctx.state.timestamp();
      const c = {
        id: ctx.state.nextId(),
        issueNumber: issue.number,
        user: actor(req, ctx.state),
        body: input.body,
        reactions: [],
        createdAt: now,
        updatedAt: now,
      };
      repo.issueComments.set(c.id, c);
      issue.updatedAt = now;
      return json(201, issueCommentJson(ctx.urls, repo, c));
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/comments",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      return paginate(
        req,
        ctx.urls,
        [...repo.issueComments.values()].map((c) => issueCommentJson(ctx.urls, repo, c)),
      );
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      return json(
        200,
        issueCommentJson(
          ctx.urls,
          repo,
          repo.issueComments.get(intParam(req, "comment_id")) ?? notFound(),
        ),
      );
    },
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const c = repo.issueComments.get(intParam(req, "comment_id")) ?? notFound();
      c.body = body(req, z.object({ body: z.string() })).body;
      checkBody("IssueComment", c.body);
      c.updatedAt = ctx.state.timestamp();
      return json(200, issueCommentJson(ctx.urls, repo, c));
    },
  },
  {
    method: "DELETE",
    template: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    handler: (req) =>
      repoOf(req).issueComments.delete(intParam(req, "comment_id")) ? noContent() : notFound(),
  },
];
