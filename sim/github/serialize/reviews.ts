import type { RepoRecord, ReviewCommentRecord, ReviewRecord } from "../state/types.js";
import { userJson } from "./accounts.js";
import { association, reactionsRollup } from "./issues.js";
import { nodeId } from "./node-id.js";
import { repoApi, repoHtml, type Urls } from "./urls.js";

export function reviewJson(u: Urls, repo: RepoRecord, r: ReviewRecord): Record<string, unknown> {
  const html = `${repoHtml(u, repo)}/pull/${r.pullNumber}#pullrequestreview-${r.id}`;
  const out: Record<string, unknown> = {
    id: r.id,
    node_id: nodeId("PullRequestReview", r.id),
    user: userJson(u, r.user),
    body: r.body,
    state: r.state,
    html_url: html,
    pull_request_url: `${repoApi(u, repo)}/pulls/${r.pullNumber}`,
    author_association: association(repo, r.user),
    _links: {
      html: { href: html },
      pull_request: { href: `${repoApi(u, repo)}/pulls/${r.pullNumber}` },
    },
    commit_id: r.commitId,
  };
  if (r.submittedAt) out["submitted_at"] = r.submittedAt;
  return out;
}

export function reviewCommentJson(
  u: Urls,
  repo: RepoRecord,
  c: ReviewCommentRecord,
): Record<string, unknown> {
  const api = `${repoApi(u, repo)}/pulls/comments/${c.id}`;
  const html = `${repoHtml(u, repo)}/pull/${c.pullNumber}#discussion_r${c.id}`;
  const out: Record<string, unknown> = {
    url: api,
    pull_request_review_id: c.reviewId,
    id: c.id,
    node_id: nodeId("PullRequestReviewComment", c.id),
    diff_hunk: c.diffHunk,
    path: c.path,
    position: c.position,
    original_position: c.position,
    commit_id: c.commitId,
    original_commit_id: c.commitId,
    user: userJson(u, c.user),
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    html_url: html,
    pull_request_url: `${repoApi(u, repo)}/pulls/${c.pullNumber}`,
    author_association: association(repo, c.user),
    _links: {
      self: { href: api },
      html: { href: html },
      pull_request: { href: `${repoApi(u, repo)}/pulls/${c.pullNumber}` },
    },
    reactions: reactionsRollup(api, c.reactions),
    start_line: c.startLine,
    original_start_line: c.startLine,
    start_side: c.startSide,
    line: c.line,
    original_line: c.line,
    side: c.side ?? "RIGHT",
    subject_type: c.subjectType,
  };
  if (c.inReplyTo !== null) out["in_reply_to_id"] = c.inReplyTo;
  return out;
}
