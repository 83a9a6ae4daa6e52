import { z } from "zod";
import { fail, notFound, unwrap } from "../errors.js";
import { json, type RouteDef, type SimRequest } from "../http-types.js";
import { checkRunJson } from "../serialize/checks.js";
import { createCheckRun, updateCheckRun, type CheckRunInput } from "../state/check-runs.js";
import { resolveRev } from "../state/refs.js";
import type { CheckRunRecord, RepoRecord } from "../state/types.js";
import { body, intParam, paginate, paginateWrapped, repoOf } from "./input.js";

const annotation = z.object({
  path: z.string(),
  start_line: z.number().int(),
  end_line: z.number().int(),
  start_column: z.number().int().optional(),
  end_column: z.number().int().optional(),
  annotation_level: z.enum(["notice", "warning", "failure"]),
  message: z.string(),
  title: z.string().optional(),
  raw_details: z.string().optional(),
});
const runBody = z.object({
  name: z.string().optional(),
  head_sha: z.string().optional(),
  details_url: z.string().optional(),
  external_id: z.string().optional(),
  status: z.string().optional(),
  conclusion: z.string().optional(),
  started_at: z.string().optional(),
  completed_at: z.string().optional(),
  output: z
    .object({
      title: z.string().optional(),
      summary: z.string().optional(),
      text: z.string().optional(),
      annotations: z.array(annotation).optional(),
      images: z.array(z.unknown()).optional(),
    })
    .optional(),
  actions: z.array(z.unknown()).optional(),
});

function runInput(req: SimRequest): CheckRunInput {
  const b = body(req, runBody);
  return {
    name: b.name,
    headSha: b.head_sha,
    status: b.status,
    conclusion: b.conclusion,
    startedAt: b.started_at,
    completedAt: b.completed_at,
    detailsUrl: b.details_url,
    externalId: b.external_id,
    output: b.output,
    actions: b.actions,
  };
}

function runOf(req: SimRequest): { repo: RepoRecord; run: CheckRunRecord } {
  const repo = repoOf(req);
  return { repo, run: repo.checkRuns.get(intParam(req, "check_run_id")) ?? notFound() };
}

export function filterRuns(req: SimRequest, runs: CheckRunRecord[]): CheckRunRecord[] {
  const name = req.query.get("check_name");
  const status = req.query.get("status");
  const appId = req.query.get("app_id");
  let out = runs.filter(
    (r) =>
      (!name || r.name === name) &&
      (!status || r.status === status) &&
      (!appId || String(r.appId) === appId),
  );
  if ((req.query.get("filter") ?? "latest") === "latest") {
    const latest = new Map<string, CheckRunRecord>();
    for (const r of out) latest.set(`${r.appId}:${r.name}`, r);
    out = [...latest.values()];
  }
  return out.sort((a, b) => b.id - a.id);
}

export const sha = (req: SimRequest, repo: RepoRecord): string =>
  resolveRev(repo, req.params["ref"] ?? "") ??
  fail(422, `No commit found for SHA: ${req.params["ref"]}`);
export const base = "/repos/{owner}/{repo}";

export const checkRoutes: RouteDef[] = [
  {
    method: "POST",
    template: `${base}/check-runs`,
    handler: (req, ctx) => {
      const repo = repoOf(req);
      return json(
        201,
        checkRunJson(
          ctx.state,
          ctx.urls,
          repo,
          unwrap(createCheckRun(ctx.state, repo, ctx.state.app.id, runInput(req))),
        ),
      );
    },
  },
  {
    method: "PATCH",
    template: `${base}/check-runs/{check_run_id}`,
    handler: (req, ctx) => {
      const { repo, run } = runOf(req);
      return json(
        200,
        checkRunJson(
          ctx.state,
          ctx.urls,
          repo,
          unwrap(updateCheckRun(ctx.state, repo, run, runInput(req))),
        ),
      );
    },
  },
  {
    method: "GET",
    template: `${base}/check-runs/{check_run_id}`,
    handler: (req, ctx) => {
      const { repo, run } = runOf(req);
      return json(200, checkRunJson(ctx.state, ctx.urls, repo, run));
    },
  },
  {
    method: "GET",
    template: `${base}/check-runs/{check_run_id}/annotations`,
    handler: (req, ctx) => {
      const { run } = runOf(req);
      return paginate(
        req,
        ctx.urls,
        run.output.annotations.map((a) => ({
          ...a,
          blob_href: "",
          start_column: a.start_column ?? null,
          end_column: a.end_column ?? null,
          title: a.title ?? null,
          raw_details: a.raw_details ?? null,
        })),
      );
    },
  },
  {
    method: "POST",
    template: `${base}/check-runs/{check_run_id}/rerequest`,
    handler: (req) => {
      runOf(req);
      return json(201, {});
    },
  },
  {
    method: "GET",
    template: `${base}/commits/{ref}/check-runs`,
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const head = sha(req, repo);
      const runs = filterRuns(
        req,
        [...repo.checkRuns.values()].filter((r) => r.headSha === head),
      );
      return paginateWrapped(
        req,
        ctx.urls,
        "check_runs",
        runs.map((r) => checkRunJson(ctx.state, ctx.urls, repo, r)),
      );
    },
  },
];
