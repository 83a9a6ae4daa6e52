import type { ArtifactRecord, WorkflowRunRecord } from "../state/actions.js";
import type { RepoRecord } from "../state/types.js";
import { userJson } from "./accounts.js";
import { nodeId } from "./node-id.js";
import { repoJson } from "./repo.js";
import { repoApi, repoHtml, type Urls } from "./urls.js";

/** The REST (and `workflow_run` webhook) `workflow-run` shape. */
export function workflowRunJson(
  u: Urls,
  repo: RepoRecord,
  run: WorkflowRunRecord,
): Record<string, unknown> {
  const api = `${repoApi(u, repo)}/actions/runs/${run.id}`;
  const commit = repo.git.commit(run.headSha);
  const person = (name: string, email: string) => ({ name, email });
  const workflowId = Number.parseInt(run.path.replace(/\D/g, "").slice(0, 6) || "1", 10) + repo.id;
  return {
    id: run.id,
    name: run.name,
    node_id: nodeId("WorkflowRun", run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.path,
    display_title: commit?.message.split("\n")[0] ?? run.name,
    run_number: run.runNumber,
    event: run.event,
    status: "completed",
    conclusion: run.conclusion,
    workflow_id: workflowId,
    check_suite_id: run.id + 1,
    url: api,
    html_url: `${repoHtml(u, repo)}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor: userJson(u, repo.owner),
    triggering_actor: userJson(u, repo.owner),
    run_attempt: run.runAttempt,
    run_started_at: run.createdAt,
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: `${repoApi(u, repo)}/check-suites/${run.id + 1}`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    workflow_url: `${repoApi(u, repo)}/actions/workflows/${workflowId}`,
    head_commit: commit
      ? {
          id: run.headSha,
          tree_id: commit.tree,
          message: commit.message,
          timestamp: new Date(commit.author.time * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
          author: person(commit.author.name, commit.author.email),
          committer: person(commit.committer.name, commit.committer.email),
        }
      : null,
    repository: repoJson(u, repo),
    head_repository: repoJson(u, repo),
    previous_attempt_url: null,
  };
}

/** The REST `artifact` shape. */
export function artifactJson(
  u: Urls,
  repo: RepoRecord,
  run: WorkflowRunRecord,
  a: ArtifactRecord,
): Record<string, unknown> {
  const api = `${repoApi(u, repo)}/actions/artifacts/${a.id}`;
  return {
    id: a.id,
    node_id: nodeId("Artifact", a.id),
    name: a.name,
    size_in_bytes: a.zip.length,
    url: api,
    archive_download_url: `${api}/zip`,
    expired: a.expired,
    created_at: a.createdAt,
    updated_at: a.createdAt,
    expires_at: a.expiresAt,
    workflow_run: {
      id: run.id,
      repository_id: repo.id,
      head_repository_id: repo.id,
      head_branch: run.headBranch,
      head_sha: run.headSha,
    },
  };
}
