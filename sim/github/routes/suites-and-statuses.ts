import { z } from "zod";
import { fail, notFound } from "../errors.js";
import { json, type RouteDef } from "../http-types.js";
import { checkRunJson, statusJson, suiteJson } from "../serialize/checks.js";
import { repoApi } from "../serialize/urls.js";
import { runAutoMerge } from "../state/automerge.js";
import { combinedStatus, suiteFor } from "../state/checks.js";
import type { StatusRecord } from "../state/types.js";
import { repoJson } from "../serialize/repo.js";
import { actor, body, intParam, paginate, paginateWrapped, repoOf } from "./input.js";
import { base, filterRuns, sha } from "./checks.js";

export const statusRoutes: RouteDef[] = [
  {
    method: "GET",
    template: `${base}/commits/{ref}/check-suites`,
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const head = sha(req, repo);
      const suites = [...repo.checkSuites.values()].filter((s) => s.headSha === head);
      return paginateWrapped(
        req,
        ctx.urls,
        "check_suites",
        suites.map((s) => suiteJson(ctx.state, ctx.urls, repo, s)),
      );
    },
  },
  {
    method: "GET",
    template: `${base}/check-suites/{check_suite_id}`,
    handler: (req, ctx) => {
      const repo = repoOf(req);
      return json(
        200,
        suiteJson(
          ctx.state,
          ctx.urls,
          repo,
          repo.checkSuites.get(intParam(req, "check_suite_id")) ?? notFound(),
        ),
      );
    },
  },
  {
    method: "GET",
    template: `${base}/check-suites/{check_suite_id}/check-runs`,
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const suite = repo.checkSuites.get(intParam(req, "check_suite_id")) ?? notFound();
      const runs = filterRuns(
        req,
        [...repo.checkRuns.values()].filter((r) => r.suiteId === suite.id),
      );
      return paginateWrapped(
        req,
        ctx.urls,
        "check_runs",
        runs.map((r) => checkRunJson(ctx.state, ctx.urls, repo, r)),
      );
    },
  },
  {
    method: "POST",
    template: `${base}/check-suites`,
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const { head_sha } = body(req, z.object({ head_sha: z.string() }));
      if (repo.git.type(head_sha) !== "commit") fail(422, `No commit found for SHA: ${head_sha}`);
      return json(
        201,
        suiteJson(ctx.state, ctx.urls, repo, suiteFor(ctx.state, repo, ctx.state.app.id, head_sha)),
      );
    },
  },
  {
    method: "POST",
    template: `${base}/check-suites/{check_suite_id}/rerequest`,
    handler: (req) => {
      if (!repoOf(req).checkSuites.has(intParam(req, "check_suite_id"))) notFound();
      return json(201, {});
    },
  },
  {
    method: "GET",
    template: `${base}/commits/{ref}/status`,
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const head = sha(req, repo);
      const combined = combinedStatus(repo, head);
      return json(200, {
        state: combined.state,
        statuses: combined.statuses.map((s) => statusJson(ctx.urls, repo, s)),
        sha: head,
        total_count: combined.statuses.length,
        repository: repoJson(ctx.urls, repo),
        commit_url: `${repoApi(ctx.urls, repo)}/commits/${head}`,
        url: `${repoApi(ctx.urls, repo)}/commits/${head}/status`,
      });
    },
  },
  {
    method: "GET",
    template: `${base}/commits/{ref}/statuses`,
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const head = sha(req, repo);
      return paginate(
        req,
        ctx.urls,
        repo.statuses
          .filter((s) => s.sha === head)
          .reverse()
          .map((s) => statusJson(ctx.urls, repo, s)),
      );
    },
  },
  {
    method: "POST",
    template: `${base}/statuses/{sha}`,
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const commit = req.params["sha"] ?? "";
      if (repo.git.type(commit) !== "commit") fail(422, `No commit found for SHA: ${commit}`);
      const input = body(
        req,
        z.object({
          state: z.enum(["error", "failure", "pending", "success"]),
          target_url: z.string().nullable().optional(),
          description: z.string().nullable().optional(),
          context: z.string().optional(),
        }),
      );
      const status: StatusRecord = {
        id: ctx.state.nextId(),
        sha: commit,
        state: input.state,
        context: input.context ?? "default",
        description: input.description ?? null,
        targetUrl: input.target_url ?? null,
        creator: actor(req, ctx.state),
        createdAt: ctx.state.timestamp(),
      };
      repo.statuses.push(status);
      runAutoMerge(ctx.state, repo);
      return json(201, statusJson(ctx.urls, repo, status));
    },
  },
];
