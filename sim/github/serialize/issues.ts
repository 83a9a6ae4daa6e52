import type {
  Account,
  IssueCommentRecord,
  IssueRecord,
  LabelRecord,
  ReactionRecord,
  RepoRecord,
} from "../state/types.js";
import { userJson } from "./accounts.js";
import { nodeId } from "./node-id.js";
import { repoApi, repoHtml, type Urls } from "./urls.js";

export function association(repo: RepoRecord, user: Account): string {
  if (user.id === repo.owner.id) return "OWNER";
  return repo.collaborators.has(user.login.toLowerCase()) ? "COLLABORATOR" : "NONE";
}

export function labelJson(u: Urls, repo: RepoRecord, l: LabelRecord): Record<string, unknown> {
  return {
    id: l.id,
    node_id: nodeId("Label", l.id),
    url: `${repoApi(u, repo)}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    color: l.color,
    default: false,
    description: l.description,
  };
}

export const REACTIONS = [
  "+1",
  "-1",
  "laugh",
  "confused",
  "heart",
  "hooray",
  "rocket",
  "eyes",
] as const;

export function reactionsRollup(url: string, reactions: ReactionRecord[]): Record<string, unknown> {
  const out: Record<string, unknown> = { url: `${url}/reactions`, total_count: reactions.length };
  for (const r of REACTIONS) out[r] = reactions.filter((x) => x.content === r).length;
  return out;
}

export function reactionJson(u: Urls, r: ReactionRecord): Record<string, unknown> {
  return {
    id: r.id,
    node_id: `REA_${r.id}`,
    user: userJson(u, r.user),
    content: r.content,
    created_at: r.createdAt,
  };
}

export function issueJson(u: Urls, repo: RepoRecord, i: IssueRecord): Record<string, unknown> {
  const api = `${repoApi(u, repo)}/issues/${i.number}`;
  const html = `${repoHtml(u, repo)}/${i.isPull ? "pull" : "issues"}/${i.number}`;
  const labels = i.labels
    .map((n) => repo.labels.get(n.toLowerCase()))
    .filter((l): l is LabelRecord => !!l);
  const assignees = i.assignees;
  const comments = [...repo.issueComments.values()].filter(
    (c) => c.issueNumber === i.number,
  ).length;
  const out: Record<string, unknown> = {
    id: i.id,
    node_id: nodeId("Issue", i.id),
    url: api,
    repository_url: repoApi(u, repo),
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: html,
    number: i.number,
    state: i.state,
    state_reason: i.stateReason,
    title: i.title,
    body: i.body,
    user: userJson(u, i.user),
    labels: labels.map((l) => labelJson(u, repo, l)),
    assignee: assignees[0] ? userJson(u, assignees[0]) : null,
    assignees: assignees.map((a) => userJson(u, a)),
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments,
    closed_at: i.closedAt,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    author_association: association(repo, i.user),
    reactions: reactionsRollup(api, i.reactions),
  };
  if (i.isPull) {
    const pr = repo.pulls.get(i.number);
    const pullApi = `${repoApi(u, repo)}/pulls/${i.number}`;
    out["pull_request"] = {
      url: pullApi,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: pr?.mergedAt ?? null,
    };
    out["draft"] = pr?.draft ?? false;
  }
  return out;
}

export function issueCommentJson(
  u: Urls,
  repo: RepoRecord,
  c: IssueCommentRecord,
): Record<string, unknown> {
  const api = `${repoApi(u, repo)}/issues/comments/${c.id}`;
  const kind = repo.issues.get(c.issueNumber)?.isPull ? "pull" : "issues";
  return {
    id: c.id,
    node_id: nodeId("IssueComment", c.id),
    url: api,
    html_url: `${repoHtml(u, repo)}/${kind}/${c.issueNumber}#issuecomment-${c.id}`,
    body: c.body,
    user: userJson(u, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${repoApi(u, repo)}/issues/${c.issueNumber}`,
    author_association: association(repo, c.user),
    reactions: reactionsRollup(api, c.reactions),
  };
}
