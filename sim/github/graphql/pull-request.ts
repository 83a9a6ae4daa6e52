import { followLine } from "../diff.js";
import { nodeId } from "../serialize/node-id.js";
import { repoHtml } from "../serialize/urls.js";
import { waitsForChecks } from "../state/automerge.js";
import { baseSha, headSha, isOpen, pullCommits, pullFiles } from "../state/pulls.js";
import type {
  IssueCommentRecord,
  IssueRecord,
  LabelRecord,
  PullRecord,
  RepoRecord,
  ReviewCommentRecord,
  ThreadRecord,
} from "../state/types.js";
import { connection, viewer, type GqlContext, type PageArgs } from "./context.js";
import { actorNode, gitObjectNode, labelNode, type Node } from "./objects.js";

export function issueCommentNode(ctx: GqlContext, repo: RepoRecord, c: IssueCommentRecord): Node {
  const kind = repo.issues.get(c.issueNumber)?.isPull ? "pull" : "issues";
  return {
    __typename: "IssueComment",
    id: nodeId("IssueComment", c.id),
    databaseId: c.id,
    body: c.body,
    bodyText: c.body,
    author: actorNode(ctx, c.user),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    url: `${repoHtml(ctx.urls, repo)}/${kind}/${c.issueNumber}#issuecomment-${c.id}`,
    isMinimized: false,
    viewerDidAuthor: c.user.id === viewer(ctx).id,
  };
}

export function reviewCommentNode(ctx: GqlContext, repo: RepoRecord, c: ReviewCommentRecord): Node {
  return {
    __typename: "PullRequestReviewComment",
    id: nodeId("PullRequestReviewComment", c.id),
    databaseId: c.id,
    body: c.body,
    bodyText: c.body,
    author: actorNode(ctx, c.user),
    path: c.path,
    line: c.line,
    originalLine: c.line,
    startLine: c.startLine,
    diffHunk: c.diffHunk,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    url: `${repoHtml(ctx.urls, repo)}/pull/${c.pullNumber}#discussion_r${c.id}`,
    outdated: false,
    commit: () => gitObjectNode(ctx, repo, c.commitId),
    pullRequestReview: {
      __typename: "PullRequestReview",
      id: nodeId("PullRequestReview", c.reviewId),
      databaseId: c.reviewId,
    },
    replyTo: c.inReplyTo
      ? { id: nodeId("PullRequestReviewComment", c.inReplyTo), databaseId: c.inReplyTo }
      : null,
    viewerDidAuthor: c.user.id === viewer(ctx).id,
  };
}

/** A thread is outdated when its file's diff at the PR head no longer matches the one it was written on. */
function outdated(
  repo: RepoRecord,
  pr: PullRecord,
  first: ReviewCommentRecord | undefined,
): boolean {
  if (!first || first.commitId === headSha(repo, pr)) return false;
  const then = pullFiles(repo, pr, first.commitId).find((f) => f.filename === first.path)?.patch;
  const now = pullFiles(repo, pr).find((f) => f.filename === first.path)?.patch;
  return then !== now;
}

/**
 * A thread's line at the PR head, as GitHub follows it across pushes: the commented line's new
 * number when that line survived unchanged, null when it was changed or removed (the thread is
 * then only at its `originalLine`).
 */
function currentLine(
  repo: RepoRecord,
  pr: PullRecord | undefined,
  first: ReviewCommentRecord | undefined,
): number | null {
  if (!first || first.line === null || first.line === undefined) return null;
  if (!pr || first.side === "LEFT" || first.commitId === headSha(repo, pr)) return first.line;
  const text = (commitId?: string): string[] | null => {
    const entry = pullFiles(repo, pr, commitId).find((f) => f.filename === first.path)?.after;
    const blob = entry ? repo.git.blob(entry.sha) : undefined;
    return blob ? blob.toString("utf8").split("\n") : null;
  };
  const then = text(first.commitId);
  const now = text();
  if (!then || !now) return null;
  return followLine(then, now, first.line);
}

export function threadNode(ctx: GqlContext, repo: RepoRecord, t: ThreadRecord): Node {
  const comments = t.commentIds
    .map((id) => repo.reviewComments.get(id))
    .filter((c): c is ReviewCommentRecord => !!c);
  const first = comments[0];
  const pr = repo.pulls.get(t.pullNumber);
  return {
    __typename: "PullRequestReviewThread",
    id: nodeId("PullRequestReviewThread", t.id),
    isResolved: t.resolved,
    isOutdated: () => (pr ? outdated(repo, pr, first) : false),
    isCollapsed: t.resolved,
    path: t.path,
    line: () => currentLine(repo, pr, first),
    originalLine: first?.line ?? null,
    startLine: first?.startLine ?? null,
    diffSide: first?.side ?? "RIGHT",
    subjectType: first?.subjectType === "file" ? "FILE" : "LINE",
    resolvedBy: t.resolvedBy ? actorNode(ctx, t.resolvedBy) : null,
    viewerCanResolve: !t.resolved,
    viewerCanUnresolve: t.resolved,
    comments: (args: PageArgs) =>
      connection(
        comments.map((c) => reviewCommentNode(ctx, repo, c)),
        args,
      ),
    pullRequest: () => (pr ? pullRequestNode(ctx, repo, pr) : null),
  };
}

function labelsOf(repo: RepoRecord, issue: IssueRecord): LabelRecord[] {
  return issue.labels
    .map((n) => repo.labels.get(n.toLowerCase()))
    .filter((l): l is LabelRecord => !!l);
}

export function issueNode(ctx: GqlContext, repo: RepoRecord, issue: IssueRecord): Node {
  const pr = repo.pulls.get(issue.number);
  if (issue.isPull && pr) return pullRequestNode(ctx, repo, pr);
  return {
    __typename: "Issue",
    id: nodeId("Issue", issue.id),
    databaseId: issue.id,
    number: issue.number,
    title: issue.title,
    body: issue.body ?? "",
    state: issue.state.toUpperCase(),
    stateReason: issue.stateReason?.toUpperCase() ?? null,
    closed: issue.state === "closed",
    url: `${repoHtml(ctx.urls, repo)}/issues/${issue.number}`,
    author: actorNode(ctx, issue.user),
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    labels: (args: PageArgs) => connection(labelsOf(repo, issue).map(labelNode), args),
    comments: (args: PageArgs) =>
      connection(
        [...repo.issueComments.values()]
          .filter((c) => c.issueNumber === issue.number)
          .map((c) => issueCommentNode(ctx, repo, c)),
        args,
      ),
  };
}

export function pullRequestNode(ctx: GqlContext, repo: RepoRecord, pr: PullRecord): Node {
  const issue = repo.issues.get(pr.number) as IssueRecord;
  const open = isOpen(repo, pr);
  return {
    ...issueNode(ctx, repo, { ...issue, isPull: false }),
    __typename: "PullRequest",
    id: nodeId("PullRequest", pr.id),
    databaseId: pr.id,
    state: pr.merged ? "MERGED" : issue.state.toUpperCase(),
    url: `${repoHtml(ctx.urls, repo)}/pull/${pr.number}`,
    permalink: `${repoHtml(ctx.urls, repo)}/pull/${pr.number}`,
    isDraft: pr.draft,
    merged: pr.merged,
    mergedAt: pr.mergedAt,
    mergedBy: pr.mergedBy ? actorNode(ctx, pr.mergedBy) : null,
    mergeCommit: () => (pr.mergeCommitSha ? gitObjectNode(ctx, repo, pr.mergeCommitSha) : null),
    headRefName: pr.head,
    baseRefName: pr.base,
    headRefOid: () => headSha(repo, pr),
    baseRefOid: () => baseSha(repo, pr),
    headRepository: {
      __typename: "Repository",
      nameWithOwner: repo.fullName,
      name: repo.name,
      owner: actorNode(ctx, repo.owner),
    },
    baseRepository: {
      __typename: "Repository",
      nameWithOwner: repo.fullName,
      name: repo.name,
      owner: actorNode(ctx, repo.owner),
    },
    mergeable: open ? "MERGEABLE" : "UNKNOWN",
    // BLOCKED while a check is pending or failing (the simulator treats all as required), as its
    // auto-merge mutation decides; CLEAN otherwise.
    mergeStateStatus: () =>
      !open ? "UNKNOWN" : waitsForChecks(repo, headSha(repo, pr)) ? "BLOCKED" : "CLEAN",
    maintainerCanModify: pr.maintainerCanModify,
    autoMergeRequest: pr.autoMerge
      ? {
          enabledAt: pr.autoMerge.enabledAt,
          enabledBy: actorNode(ctx, pr.autoMerge.enabledBy),
          mergeMethod: pr.autoMerge.method,
          commitHeadline: pr.autoMerge.commitHeadline,
          commitBody: pr.autoMerge.commitBody,
        }
      : null,
    reviewDecision: () => {
      const latest = new Map<number, string>();
      for (const r of repo.reviews.values())
        if (r.pullNumber === pr.number && r.state !== "COMMENTED" && r.state !== "PENDING")
          latest.set(r.user.id, r.state);
      const states = [...latest.values()];
      if (states.includes("CHANGES_REQUESTED")) return "CHANGES_REQUESTED";
      return states.includes("APPROVED") ? "APPROVED" : "REVIEW_REQUIRED";
    },
    commits: (args: PageArgs) =>
      connection(
        pullCommits(repo, pr).map((sha) => ({
          __typename: "PullRequestCommit",
          id: `PRC_${sha}`,
          commit: gitObjectNode(ctx, repo, sha),
        })),
        args,
      ),
    files: (args: PageArgs) =>
      connection(
        pullFiles(repo, pr).map((f) => ({
          path: f.filename,
          additions: f.additions,
          deletions: f.deletions,
          changeType:
            f.status === "added" ? "ADDED" : f.status === "removed" ? "DELETED" : "MODIFIED",
        })),
        args,
      ),
    changedFiles: () => pullFiles(repo, pr).length,
    additions: () => pullFiles(repo, pr).reduce((n, f) => n + f.additions, 0),
    deletions: () => pullFiles(repo, pr).reduce((n, f) => n + f.deletions, 0),
    reviewThreads: (args: PageArgs) =>
      connection(
        [...repo.threads.values()]
          .filter((t) => t.pullNumber === pr.number)
          .map((t) => threadNode(ctx, repo, t)),
        args,
      ),
    reviewRequests: (args: PageArgs) =>
      connection(
        [
          ...pr.requestedReviewers.map((login) => ({
            requestedReviewer: actorNode(ctx, ctx.state.user(login)),
          })),
          ...pr.requestedTeams.map((slug) => ({
            requestedReviewer: { __typename: "Team", id: `T_${slug}`, slug, name: slug },
          })),
        ],
        args,
      ),
    latestReviews: (args: PageArgs) => {
      const latest = new Map<number, { user: IssueRecord["user"]; id: number; state: string }>();
      for (const r of repo.reviews.values())
        if (r.pullNumber === pr.number && r.state !== "PENDING") latest.set(r.user.id, r);
      return connection(
        [...latest.values()].map((r) => ({
          __typename: "PullRequestReview",
          id: nodeId("PullRequestReview", r.id),
          databaseId: r.id,
          state: r.state,
          author: actorNode(ctx, r.user),
        })),
        args,
      );
    },
    repository: { __typename: "Repository", nameWithOwner: repo.fullName, name: repo.name },
  };
}
