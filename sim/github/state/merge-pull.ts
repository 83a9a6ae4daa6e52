import { err, ok, type Result } from "../../../src/core/result.js";
import type { SimFailure } from "../errors.js";
import { mergeBase } from "../git/history.js";
import { mergeTrees } from "../git/merge.js";
import { authorSignature, GITHUB_COMMITTER } from "./refs.js";
import { afterBranchMoved, closePullRecord } from "./pull-lifecycle.js";
import { baseSha, headSha, isOpen, pullCommits } from "./pulls.js";
import type { SimState } from "./state.js";
import type { Account, PullRecord, RepoRecord } from "./types.js";

export interface MergeOptions {
  method: "merge" | "squash" | "rebase";
  by: Account;
  /** Expected head SHA: a different head answers 409 as GitHub does. */
  sha?: string;
  title?: string;
  message?: string;
}

const fault = (status: number, message: string): SimFailure => ({
  status,
  message,
  type: "UNPROCESSABLE",
});

/** Merges a PR into its base like the merge button: a new commit on base, the PR closed as merged. */
export function mergePull(
  state: SimState,
  repo: RepoRecord,
  pr: PullRecord,
  options: MergeOptions,
): Result<{ sha: string }, SimFailure> {
  if (!isOpen(repo, pr)) return err(fault(405, "Pull Request is not mergeable"));
  if (pr.draft) return err(fault(405, "Pull Request is still a draft"));
  const head = headSha(repo, pr);
  const base = baseSha(repo, pr);
  if (options.sha && options.sha !== head) {
    return err(fault(409, "Head branch was modified. Review and try the merge again."));
  }
  const mb = mergeBase(repo.git, base, head);
  const merged = mergeTrees(
    repo.git,
    mb ? (repo.git.commit(mb)?.tree ?? null) : null,
    tree(repo, base),
    tree(repo, head),
  );
  if (!merged.ok) return err(fault(405, "Pull Request is not mergeable"));
  const issue = repo.issues.get(pr.number);
  const title = options.title ?? defaultTitle(repo, pr, options.method, issue?.title ?? "");
  const author = authorSignature(state, options.by);
  const committer = GITHUB_COMMITTER(state);
  let sha: string;
  if (options.method === "rebase") {
    sha = base;
    for (const c of pullCommits(repo, pr)) {
      const data = repo.git.commit(c);
      if (!data) continue;
      const parentTree = data.parents[0] ? tree(repo, data.parents[0]) : null;
      const step = mergeTrees(repo.git, parentTree, tree(repo, sha), data.tree);
      if (!step.ok) return err(fault(405, "Pull Request is not mergeable"));
      sha = repo.git.putCommit({ ...data, tree: step.tree, parents: [sha], committer });
      repo.verified.add(sha);
    }
  } else {
    const message = options.message ?? (options.method === "merge" ? (issue?.title ?? "") : "");
    sha = repo.git.putCommit({
      tree: merged.tree,
      parents: options.method === "merge" ? [base, head] : [base],
      author,
      committer,
      message: message ? `${title}\n\n${message}` : title,
    });
    repo.verified.add(sha);
  }
  pr.merged = true;
  pr.mergedAt = state.timestamp();
  pr.mergedBy = options.by;
  pr.mergeCommitSha = sha;
  closePullRecord(state, repo, pr, head);
  pr.closedBaseSha = base;
  // Moving the base last: the PR is already closed, so the branch hook leaves it alone.
  repo.refs.set(`refs/heads/${pr.base}`, sha);
  afterBranchMoved(state, repo, `refs/heads/${pr.base}`, base);
  return ok({ sha });
}

function tree(repo: RepoRecord, commit: string): string {
  return repo.git.commit(commit)?.tree ?? "";
}

function defaultTitle(
  repo: RepoRecord,
  pr: PullRecord,
  method: MergeOptions["method"],
  title: string,
): string {
  if (method === "merge")
    return `Merge pull request #${pr.number} from ${repo.owner.login}/${pr.head}`;
  return `${title} (#${pr.number})`;
}
