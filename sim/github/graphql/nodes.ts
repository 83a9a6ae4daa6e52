import { parseNodeId, type NodeKind } from "../serialize/node-id.js";
import type {
  IssueCommentRecord,
  IssueRecord,
  PullRecord,
  RepoRecord,
  ReviewCommentRecord,
  ThreadRecord,
} from "../state/types.js";
import { gqlFail, visibleRepo, type GqlContext } from "./context.js";
import { actorNode, labelNode, type Node } from "./objects.js";
import {
  issueCommentNode,
  issueNode,
  pullRequestNode,
  reviewCommentNode,
  threadNode,
} from "./pull-request.js";
import { refNode, repositoryNode } from "./repository.js";

export type Found =
  | { kind: "Repository"; repo: RepoRecord }
  | { kind: "PullRequest"; repo: RepoRecord; pr: PullRecord }
  | { kind: "Issue"; repo: RepoRecord; issue: IssueRecord }
  | { kind: "IssueComment"; repo: RepoRecord; comment: IssueCommentRecord }
  | { kind: "PullRequestReviewComment"; repo: RepoRecord; comment: ReviewCommentRecord }
  | { kind: "PullRequestReviewThread"; repo: RepoRecord; thread: ThreadRecord }
  | { kind: "Ref"; repo: RepoRecord; ref: string }
  | { kind: "Label"; repo: RepoRecord; name: string };

/** The record a global ID names, in a repository the caller can see. */
export function findNode(ctx: GqlContext, id: string): Found | undefined {
  const parsed = parseNodeId(id);
  if (!parsed) return undefined;
  const key = Number(parsed.key);
  for (const repo of ctx.state.repos.values()) {
    const found = lookup(repo, parsed.kind, key, parsed.key);
    if (found) {
      visibleRepo(ctx, repo, repo.fullName);
      return found;
    }
  }
  return undefined;
}

function lookup(repo: RepoRecord, kind: NodeKind, key: number, raw: string): Found | undefined {
  switch (kind) {
    case "Repository":
      return repo.id === key ? { kind, repo } : undefined;
    case "PullRequest": {
      const pr = [...repo.pulls.values()].find((p) => p.id === key);
      return pr ? { kind, repo, pr } : undefined;
    }
    case "Issue": {
      const issue = [...repo.issues.values()].find((i) => i.id === key);
      return issue ? { kind, repo, issue } : undefined;
    }
    case "IssueComment": {
      const comment = repo.issueComments.get(key);
      return comment ? { kind, repo, comment } : undefined;
    }
    case "PullRequestReviewComment": {
      const comment = repo.reviewComments.get(key);
      return comment ? { kind, repo, comment } : undefined;
    }
    case "PullRequestReviewThread": {
      const thread = repo.threads.get(key);
      return thread ? { kind, repo, thread } : undefined;
    }
    case "Ref": {
      const colon = raw.indexOf(":");
      return Number(raw.slice(0, colon)) === repo.id && repo.refs.has(raw.slice(colon + 1))
        ? { kind, repo, ref: raw.slice(colon + 1) }
        : undefined;
    }
    case "Label": {
      const label = [...repo.labels.values()].find((l) => l.id === key);
      return label ? { kind, repo, name: label.name } : undefined;
    }
    default:
      return undefined;
  }
}

export function requireNode<K extends Found["kind"]>(
  ctx: GqlContext,
  id: string,
  kinds: K[],
): Extract<Found, { kind: K }> {
  const found = findNode(ctx, id);
  if (!found || !(kinds as string[]).includes(found.kind))
    return gqlFail("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
  return found as Extract<Found, { kind: K }>;
}

export function nodeOf(ctx: GqlContext, found: Found): Node | null {
  switch (found.kind) {
    case "Repository":
      return repositoryNode(ctx, found.repo);
    case "PullRequest":
      return pullRequestNode(ctx, found.repo, found.pr);
    case "Issue":
      return issueNode(ctx, found.repo, found.issue);
    case "IssueComment":
      return issueCommentNode(ctx, found.repo, found.comment);
    case "PullRequestReviewComment":
      return reviewCommentNode(ctx, found.repo, found.comment);
    case "PullRequestReviewThread":
      return threadNode(ctx, found.repo, found.thread);
    case "Ref":
      return refNode(ctx, found.repo, found.ref);
    case "Label": {
      const l = found.repo.labels.get(found.name.toLowerCase());
      return l ? labelNode(l) : null;
    }
  }
}

export function userNode(ctx: GqlContext, login: string): Node | null {
  const u = ctx.state.users.get(login.toLowerCase());
  return u ? actorNode(ctx, u) : null;
}
