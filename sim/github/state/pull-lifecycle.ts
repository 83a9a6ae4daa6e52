import { ancestors } from "../git/history.js";
import type { SimState } from "./state.js";
import type { PullRecord, RepoRecord } from "./types.js";

/** Freezes a pull request's SHAs and closes it (and its issue). */
export function closePullRecord(
  state: SimState,
  repo: RepoRecord,
  pr: PullRecord,
  headSha: string | undefined,
): void {
  const issue = repo.issues.get(pr.number);
  if (!issue || issue.state === "closed") return;
  pr.closedHeadSha = headSha ?? pr.closedHeadSha;
  pr.closedBaseSha = repo.refs.get(`refs/heads/${pr.base}`) ?? pr.closedBaseSha;
  pr.autoMerge = null;
  issue.state = "closed";
  issue.closedAt = state.timestamp();
  issue.updatedAt = issue.closedAt;
}

/**
 * What GitHub does when a branch moves: a deleted head branch closes its open pull requests, and
 * a base branch that now contains a pull request's head marks it merged.
 */
export function afterBranchMoved(
  state: SimState,
  repo: RepoRecord,
  ref: string,
  before: string | undefined,
): void {
  if (!ref.startsWith("refs/heads/")) return;
  const branch = ref.slice("refs/heads/".length);
  const now = repo.refs.get(ref);
  const open = [...repo.pulls.values()].filter((p) => repo.issues.get(p.number)?.state === "open");
  if (!now) {
    for (const pr of open) if (pr.head === branch) closePullRecord(state, repo, pr, before);
    return;
  }
  const onBase = open.filter((p) => p.base === branch && p.head !== branch);
  if (onBase.length === 0) return;
  const reachable = ancestors(repo.git, now);
  const previously = before ? ancestors(repo.git, before) : new Set<string>();
  for (const pr of onBase) {
    const head = repo.refs.get(`refs/heads/${pr.head}`);
    if (!head || !reachable.has(head) || previously.has(head)) continue;
    pr.merged = true;
    pr.mergedAt = state.timestamp();
    pr.mergeCommitSha = now;
    closePullRecord(state, repo, pr, head);
  }
}
