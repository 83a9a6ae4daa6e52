import { suiteOutcome, suiteRuns } from "../state/checks.js";
import type { SimState } from "../state/state.js";
import type { CheckRunRecord, CheckSuiteRecord, RepoRecord, StatusRecord } from "../state/types.js";
import { userJson } from "./accounts.js";
import { nodeId } from "./node-id.js";
import { repoApi, repoHtml, type Urls } from "./urls.js";

function appJson(state: SimState, u: Urls): Record<string, unknown> {
  return {
    id: state.app.id,
    slug: state.app.slug,
    node_id: `A_${state.app.id}`,
    client_id: state.app.clientId,
    owner: userJson(u, state.app.owner),
    name: state.app.name,
    description: "",
    external_url: u.web,
    html_url: `${u.web}/apps/${state.app.slug}`,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    permissions: {},
    events: [],
  };
}

export { appJson };

export function suiteJson(
  state: SimState,
  u: Urls,
  repo: RepoRecord,
  s: CheckSuiteRecord,
): Record<string, unknown> {
  const runs = suiteRuns(repo, s);
  const outcome = suiteOutcome(runs);
  return {
    id: s.id,
    node_id: nodeId("CheckSuite", s.id),
    head_branch: s.headBranch,
    head_sha: s.headSha,
    status: outcome.status,
    conclusion: outcome.conclusion,
    url: `${repoApi(u, repo)}/check-suites/${s.id}`,
    before: null,
    after: s.headSha,
    pull_requests: [],
    app: appJson(state, u),
    created_at: runs[0]?.startedAt ?? null,
    updated_at: runs[runs.length - 1]?.completedAt ?? runs[0]?.startedAt ?? null,
    latest_check_runs_count: runs.length,
    check_runs_url: `${repoApi(u, repo)}/check-suites/${s.id}/check-runs`,
    rerequestable: true,
    runs_rerequestable: true,
  };
}

export function checkRunJson(
  state: SimState,
  u: Urls,
  repo: RepoRecord,
  r: CheckRunRecord,
): Record<string, unknown> {
  const api = `${repoApi(u, repo)}/check-runs/${r.id}`;
  return {
    id: r.id,
    head_sha: r.headSha,
    node_id: nodeId("CheckRun", r.id),
    external_id: r.externalId,
    url: api,
    html_url: `${repoHtml(u, repo)}/runs/${r.id}`,
    details_url: r.detailsUrl,
    status: r.status,
    conclusion: r.conclusion,
    started_at: r.startedAt,
    completed_at: r.completedAt,
    output: {
      title: r.output.title,
      summary: r.output.summary,
      text: r.output.text,
      annotations_count: r.output.annotations.length,
      annotations_url: `${api}/annotations`,
    },
    name: r.name,
    check_suite: { id: r.suiteId },
    app: appJson(state, u),
    pull_requests: [],
  };
}

export function statusJson(u: Urls, repo: RepoRecord, s: StatusRecord): Record<string, unknown> {
  return {
    url: `${repoApi(u, repo)}/statuses/${s.sha}`,
    avatar_url: null,
    id: s.id,
    node_id: `SC_${s.id}`,
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    creator: userJson(u, s.creator),
  };
}
