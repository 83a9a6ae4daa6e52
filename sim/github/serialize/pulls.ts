import { mergeBase } from "../git/history.js";
import { mergeTrees } from "../git/merge.js";
import { baseSha, headSha, isOpen, pullCommits, pullFiles } from "../state/pulls.js";
import type { SimState } from "../state/state.js";
import type { PullRecord, RepoRecord } from "../state/types.js";
import { userJson } from "./accounts.js";
import { labelJson } from "./issues.js";
import { nodeId } from "./node-id.js";
import { repoJson } from "./repo.js";
import { repoApi, repoHtml, type Urls } from "./urls.js";

function mergeable(repo: RepoRecord, pr: PullRecord): boolean {
  const head = headSha(repo, pr);
  const base = baseSha(repo, pr);
  const mb = mergeBase(repo.git, base, head);
  const tree = (sha: string): string => repo.git.commit(sha)?.tree ?? "";
  return mergeTrees(repo.git, mb ? tree(mb) : null, tree(base), tree(head)).ok;
}

/** The REST pull request; `full` adds what only GET …/pulls/{n} returns (merge state, counts). */
export function pullJson(
  state: SimState,
  u: Urls,
  repo: RepoRecord,
  pr: PullRecord,
  full: boolean,
): Record<string, unknown> {
  const issue = repo.issues.get(pr.number);
  if (!issue) throw new Error(`pull #${pr.number} has no issue record`);
  const api = `${repoApi(u, repo)}/pulls/${pr.number}`;
  const html = `${repoHtml(u, repo)}/pull/${pr.number}`;
  const head = headSha(repo, pr);
  const side = (ref: string, sha: string): Record<string, unknown> => ({
    label: `${repo.owner.login}:${ref}`,
    ref,
    sha,
    user: userJson(u, repo.owner),
    repo: repoJson(u, repo),
  });
  const out: Record<string, unknown> = {
    url: api,
    id: pr.id,
    node_id: nodeId("PullRequest", pr.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${repoApi(u, repo)}/issues/${pr.number}`,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${repoApi(u, repo)}/pulls/comments{/number}`,
    comments_url: `${repoApi(u, repo)}/issues/${pr.number}/comments`,
    statuses_url: `${repoApi(u, repo)}/statuses/${head}`,
    number: pr.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: userJson(u, issue.user),
    body: issue.body,
    labels: issue.labels.flatMap((n) => {
      const l = repo.labels.get(n.toLowerCase());
      return l ? [labelJson(u, repo, l)] : [];
    }),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: issue.assignees[0] ? userJson(u, issue.assignees[0]) : null,
    assignees: issue.assignees.map((a) => userJson(u, a)),
    requested_reviewers: pr.requestedReviewers.map((login) => userJson(u, state.user(login))),
    requested_teams: pr.requestedTeams.map((slug, i) => ({
      id: i + 1,
      node_id: `T_${slug}`,
      name: slug,
      slug,
    })),
    head: side(pr.head, head),
    base: side(pr.base, baseSha(repo, pr)),
    _links: {
      self: { href: api },
      html: { href: html },
      issue: { href: `${repoApi(u, repo)}/issues/${pr.number}` },
      comments: { href: `${repoApi(u, repo)}/issues/${pr.number}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: `${repoApi(u, repo)}/pulls/comments{/number}` },
      commits: { href: `${api}/commits` },
      statuses: { href: `${repoApi(u, repo)}/statuses/${head}` },
    },
    author_association: issue.user.id === repo.owner.id ? "OWNER" : "NONE",
    auto_merge: pr.autoMerge
      ? {
          enabled_by: userJson(u, pr.autoMerge.enabledBy),
          merge_method: pr.autoMerge.method.toLowerCase(),
          commit_title: pr.autoMerge.commitHeadline ?? "",
          commit_message: pr.autoMerge.commitBody ?? "",
        }
      : null,
    draft: pr.draft,
  };
  if (!full) return out;
  const files = pullFiles(repo, pr);
  const open = isOpen(repo, pr);
  const canMerge = open ? mergeable(repo, pr) : null;
  return {
    ...out,
    merged: pr.merged,
    mergeable: canMerge,
    rebaseable: canMerge,
    mergeable_state: !open ? "unknown" : canMerge ? (pr.draft ? "draft" : "clean") : "dirty",
    merged_by: pr.mergedBy ? userJson(u, pr.mergedBy) : null,
    comments: [...repo.issueComments.values()].filter((c) => c.issueNumber === pr.number).length,
    review_comments: [...repo.reviewComments.values()].filter((c) => c.pullNumber === pr.number)
      .length,
    maintainer_can_modify: pr.maintainerCanModify,
    commits: pullCommits(repo, pr).length,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changed_files: files.length,
  };
}
