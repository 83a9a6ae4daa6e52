import { z } from "zod";
import { fail, notFound, unwrap, validationFailed } from "../errors.js";
import { formatUnifiedDiff } from "../diff.js";
import { json, type RouteDef, type SimContext, type SimRequest } from "../http-types.js";
import { fileJson, repoCommitJson } from "../serialize/commits.js";
import { pullJson } from "../serialize/pulls.js";
import { closePullRecord } from "../state/pull-lifecycle.js";
import { headSha, openPull, pullCommits, pullFiles } from "../state/pulls.js";
import { branchHead } from "../state/refs.js";
import type { PullRecord, RepoRecord } from "../state/types.js";
import { actor, body, intParam, paginate, repoOf } from "./input.js";

export function pullOf(req: SimRequest): { repo: RepoRecord; pr: PullRecord } {
  const repo = repoOf(req);
  const pr = repo.pulls.get(intParam(req, "pull_number")) ?? notFound();
  return { repo, pr };
}

const show = (ctx: SimContext, repo: RepoRecord, pr: PullRecord) =>
  pullJson(ctx.state, ctx.urls, repo, pr, true);

export const pullRoutes: RouteDef[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const state = req.query.get("state") ?? "open";
      const head = req.query.get("head");
      const base = req.query.get("base");
      let pulls = [...repo.pulls.values()].filter(
        (p) => state === "all" || repo.issues.get(p.number)?.state === state,
      );
      if (head) {
        const [owner, branch] = head.includes(":")
          ? head.split(/:(.*)/s)
          : [repo.owner.login, head];
        pulls = pulls.filter(
          (p) => p.head === branch && owner?.toLowerCase() === repo.owner.login.toLowerCase(),
        );
      }
      if (base) pulls = pulls.filter((p) => p.base === base);
      const sort = req.query.get("sort") ?? "created";
      const key = (p: PullRecord): string =>
        sort === "updated"
          ? (repo.issues.get(p.number)?.updatedAt ?? "")
          : String(p.number).padStart(10, "0");
      pulls.sort((a, b) => key(a).localeCompare(key(b)));
      if ((req.query.get("direction") ?? "desc") === "desc") pulls.reverse();
      return paginate(
        req,
        ctx.urls,
        pulls.map((p) => pullJson(ctx.state, ctx.urls, repo, p, false)),
      );
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/pulls",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const input = body(
        req,
        z.object({
          title: z.string().optional(),
          head: z.string(),
          base: z.string(),
          body: z.string().nullable().optional(),
          draft: z.boolean().optional(),
          maintainer_can_modify: z.boolean().optional(),
        }),
      );
      if (input.title === undefined) validationFailed("PullRequest", "title", "missing_field");
      const pr = unwrap(
        openPull(ctx.state, repo, {
          head: input.head,
          base: input.base,
          title: input.title ?? "",
          body: input.body ?? null,
          draft: input.draft ?? false,
          maintainerCanModify: input.maintainer_can_modify ?? true,
          user: actor(req, ctx.state),
        }),
      );
      return json(201, show(ctx, repo, pr));
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}",
    handler: (req, ctx) => {
      const { repo, pr } = pullOf(req);
      if (
        /application\/vnd\.github(\.v3)?\.(diff|patch)/.test(String(req.headers["accept"] ?? ""))
      ) {
        return {
          status: 200,
          text: formatUnifiedDiff(pullFiles(repo, pr)),
          headers: { "content-type": "application/vnd.github.diff; charset=utf-8" },
        };
      }
      return json(200, show(ctx, repo, pr));
    },
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}",
    handler: (req, ctx) => {
      const { repo, pr } = pullOf(req);
      const input = body(
        req,
        z.object({
          title: z.string().optional(),
          body: z.string().nullable().optional(),
          state: z.enum(["open", "closed"]).optional(),
          base: z.string().optional(),
          maintainer_can_modify: z.boolean().optional(),
        }),
      );
      const issue = repo.issues.get(pr.number) ?? notFound();
      if (input.base !== undefined) {
        if (!branchHead(repo, input.base)) validationFailed("PullRequest", "base", "invalid");
        pr.base = input.base;
      }
      if (input.title !== undefined) issue.title = input.title;
      if (input.body !== undefined) issue.body = input.body;
      if (input.maintainer_can_modify !== undefined)
        pr.maintainerCanModify = input.maintainer_can_modify;
      if (input.state === "closed" && issue.state === "open") {
        closePullRecord(ctx.state, repo, pr, headSha(repo, pr));
      } else if (input.state === "open" && issue.state === "closed") {
        if (pr.merged)
          fail(422, "Validation Failed", [
            {
              resource: "PullRequest",
              code: "custom",
              message: "state cannot be changed. The pull request has been merged.",
            },
          ]);
        if (!branchHead(repo, pr.head))
          fail(422, "Validation Failed", [
            {
              resource: "PullRequest",
              code: "custom",
              message: `state cannot be changed. The ${pr.head} branch has been deleted.`,
            },
          ]);
        issue.state = "open";
        issue.closedAt = null;
      }
      issue.updatedAt = ctx.state.timestamp();
      return json(200, show(ctx, repo, pr));
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/files",
    handler: (req, ctx) => {
      const { repo, pr } = pullOf(req);
      const head = headSha(repo, pr);
      return paginate(
        req,
        ctx.urls,
        pullFiles(repo, pr).map((f) => fileJson(ctx.urls, repo, head, f)),
      );
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/commits",
    handler: (req, ctx) => {
      const { repo, pr } = pullOf(req);
      return paginate(
        req,
        ctx.urls,
        pullCommits(repo, pr).map((sha) => repoCommitJson(ctx.state, ctx.urls, repo, sha)),
      );
    },
  },
];
