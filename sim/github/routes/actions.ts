import { fail, notFound } from "../errors.js";
import { json, type RouteDef, type SimRequest } from "../http-types.js";
import { artifactJson, workflowRunJson } from "../serialize/actions.js";
import type { ArtifactRecord, WorkflowRunRecord } from "../state/actions.js";
import type { SimState } from "../state/state.js";
import type { RepoRecord } from "../state/types.js";
import { intParam, paginateWrapped, repoOf } from "./input.js";

/** Installation tokens need the `actions` permission (read is enough for everything here). */
function actionsRepo(req: SimRequest): RepoRecord {
  const repo = repoOf(req);
  const level =
    req.caller.kind === "installation" ? req.caller.installation.permissions["actions"] : "read";
  if (level !== "read" && level !== "write") fail(403, "Resource not accessible by integration");
  return repo;
}

function runOf(state: SimState, repo: RepoRecord, req: SimRequest): WorkflowRunRecord {
  const run = state.actions.runs.get(intParam(req, "run_id"));
  return run && run.repoId === repo.id ? run : notFound();
}

function artifactOf(
  state: SimState,
  repo: RepoRecord,
  req: SimRequest,
): { artifact: ArtifactRecord; run: WorkflowRunRecord } {
  const artifact = state.actions.artifacts.get(intParam(req, "artifact_id"));
  const run = artifact && state.actions.runs.get(artifact.runId);
  return artifact && run && artifact.repoId === repo.id ? { artifact, run } : notFound();
}

/**
 * GitHub Actions, as far as reading a run's artifacts goes. A download answers 302 to a
 * pre-signed URL valid for a minute (GitHub's points at blob storage; here `/_blobs/<token>` on
 * the simulator, served without credentials, outside the API: no validation, counts or faults).
 */
export const actionsRoutes: RouteDef[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/actions/runs/{run_id}",
    handler: (req, ctx) => {
      const repo = actionsRepo(req);
      return json(200, workflowRunJson(ctx.urls, repo, runOf(ctx.state, repo, req)));
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts",
    handler: (req, ctx) => {
      const repo = actionsRepo(req);
      const run = runOf(ctx.state, repo, req);
      const name = req.query.get("name");
      const artifacts = [...ctx.state.actions.artifacts.values()]
        .filter((a) => a.runId === run.id && (name === null || a.name === name))
        .map((a) => artifactJson(ctx.urls, repo, run, a));
      return paginateWrapped(req, ctx.urls, "artifacts", artifacts);
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}",
    handler: (req, ctx) => {
      const repo = actionsRepo(req);
      const { artifact, run } = artifactOf(ctx.state, repo, req);
      return json(200, artifactJson(ctx.urls, repo, run, artifact));
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}",
    handler: (req, ctx) => {
      const repo = actionsRepo(req);
      if (req.params["archive_format"] !== "zip") notFound();
      const { artifact } = artifactOf(ctx.state, repo, req);
      if (artifact.expired) fail(410, "Artifact has expired");
      const path = ctx.state.actions.grant(artifact.zip, "application/zip", ctx.state.now());
      return { status: 302, headers: { location: `${ctx.urls.web}${path}` } };
    },
  },
];
