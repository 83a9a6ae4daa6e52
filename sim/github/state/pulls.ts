import { err, ok, type Result } from "../../../src/core/result.js";
import { diffTrees, type FileDiff } from "../diff.js";
import type { SimFailure } from "../errors.js";
import { commitsBetween, mergeBase } from "../git/history.js";
import { branchHead } from "./refs.js";
import type { SimState } from "./state.js";
import type { Account, IssueRecord, PullRecord, RepoRecord } from "./types.js";

export const isOpen = (repo: RepoRecord, pr: PullRecord): boolean =>
  repo.issues.get(pr.number)?.state === "open";

export function headSha(repo: RepoRecord, pr: PullRecord): string {
  if (!isOpen(repo, pr) && pr.closedHeadSha) return pr.closedHeadSha;
  return branchHead(repo, pr.head) ?? pr.closedHeadSha ?? "";
}

export function baseSha(repo: RepoRecord, pr: PullRecord): string {
  if (!isOpen(repo, pr) && pr.closedBaseSha) return pr.closedBaseSha;
  return branchHead(repo, pr.base) ?? pr.closedBaseSha ?? "";
}

const diffCache = new Map<string, FileDiff[]>();

/** Files changed between two commits' merge base and the head, as GitHub's three-dot diff. */
export function threeDotDiff(repo: RepoRecord, base: string, head: string): FileDiff[] {
  const key = `${repo.id}:${base}:${head}`;
  const cached = diffCache.get(key);
  if (cached) return cached;
  const mb = mergeBase(repo.git, base, head);
  const baseTree = mb ? (repo.git.commit(mb)?.tree ?? null) : null;
  const headTree = repo.git.commit(head)?.tree;
  const files = headTree ? diffTrees(repo.git, baseTree, headTree) : [];
  if (diffCache.size > 2000) diffCache.clear();
  diffCache.set(key, files);
  return files;
}

/** The PR's files, at its head or at `commitId` (a commit of the PR). */
export function pullFiles(repo: RepoRecord, pr: PullRecord, commitId?: string): FileDiff[] {
  return threeDotDiff(repo, baseSha(repo, pr), commitId ?? headSha(repo, pr));
}

export function pullCommits(repo: RepoRecord, pr: PullRecord): string[] {
  const head = headSha(repo, pr);
  if (!head) return [];
  if (pr.merged && pr.closedBaseSha) {
    const mb = mergeBase(repo.git, pr.closedBaseSha, head);
    return commitsBetween(repo.git, mb, head);
  }
  return commitsBetween(repo.git, baseSha(repo, pr) || undefined, head);
}

export interface OpenPullInput {
  head: string;
  base: string;
  title: string;
  body: string | null;
  draft: boolean;
  maintainerCanModify: boolean;
  user: Account;
}

const invalid = (field: string, code = "invalid", message?: string): SimFailure => ({
  status: 422,
  message: "Validation Failed",
  errors: [{ resource: "PullRequest", field, code, ...(message ? { message } : {}) }],
  type: "UNPROCESSABLE",
});

/** Opens a pull request with GitHub's validation (branches exist, commits between, one open PR per head). */
export function openPull(
  state: SimState,
  repo: RepoRecord,
  input: OpenPullInput,
): Result<PullRecord, SimFailure> {
  const head = input.head.includes(":")
    ? input.head.slice(input.head.indexOf(":") + 1)
    : input.head;
  const headCommit = branchHead(repo, head);
  const baseCommit = branchHead(repo, input.base);
  if (!input.title.trim()) return err(invalid("title", "missing_field"));
  if (!baseCommit) return err(invalid("base"));
  if (!headCommit) return err(invalid("head"));
  for (const pr of repo.pulls.values()) {
    if (pr.head === head && pr.base === input.base && isOpen(repo, pr)) {
      return err(
        invalid("", "custom", `A pull request already exists for ${repo.owner.login}:${head}.`),
      );
    }
  }
  if (commitsBetween(repo.git, baseCommit, headCommit).length === 0) {
    return err(invalid("", "custom", `No commits between ${input.base} and ${head}`));
  }
  const now = state.timestamp();
  const number = repo.nextNumber++;
  const issue: IssueRecord = {
    number,
    id: state.nextId(),
    title: input.title,
    body: input.body,
    state: "open",
    stateReason: null,
    user: input.user,
    labels: [],
    assignees: [],
    isPull: true,
    reactions: [],
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  };
  const pr: PullRecord = {
    number,
    id: state.nextId(),
    head,
    base: input.base,
    draft: input.draft,
    maintainerCanModify: input.maintainerCanModify,
    merged: false,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    closedHeadSha: null,
    closedBaseSha: null,
    requestedReviewers: [],
    requestedTeams: [],
    autoMerge: null,
  };
  repo.issues.set(number, issue);
  repo.pulls.set(number, pr);
  return ok(pr);
}

export function findPull(repo: RepoRecord, number: number): PullRecord | undefined {
  return repo.pulls.get(number);
}
