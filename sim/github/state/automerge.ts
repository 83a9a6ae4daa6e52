import { allGreen } from "./checks.js";
import { mergePull } from "./merge-pull.js";
import { headSha, isOpen } from "./pulls.js";
import type { SimState } from "./state.js";
import type { RepoRecord } from "./types.js";

/**
 * Whether a PR's head has something to wait for, which GitHub needs before it accepts auto-merge
 * ("Pull request is in clean status" otherwise). The simulator treats every reported check and
 * status as required, so that is any of them not yet green.
 */
export function waitsForChecks(repo: RepoRecord, head: string): boolean {
  const reported =
    [...repo.checkRuns.values()].some((r) => r.headSha === head) ||
    repo.statuses.some((s) => s.sha === head);
  return reported && !allGreen(repo, head);
}

/** Merges every open PR with auto-merge enabled whose head has all checks and statuses green. */
export function runAutoMerge(state: SimState, repo: RepoRecord): number[] {
  const merged: number[] = [];
  for (const pr of repo.pulls.values()) {
    if (!pr.autoMerge || !isOpen(repo, pr) || !allGreen(repo, headSha(repo, pr))) continue;
    const method = pr.autoMerge.method.toLowerCase() as "merge" | "squash" | "rebase";
    const options = {
      method,
      by: pr.autoMerge.enabledBy,
      ...(pr.autoMerge.commitHeadline ? { title: pr.autoMerge.commitHeadline } : {}),
      ...(pr.autoMerge.commitBody ? { message: pr.autoMerge.commitBody } : {}),
    };
    if (mergePull(state, repo, pr, options).ok) merged.push(pr.number);
  }
  return merged;
}
