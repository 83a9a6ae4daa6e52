import { allGreen } from "./checks.js";
import { mergePull } from "./merge-pull.js";
import { headSha, isOpen } from "./pulls.js";
import type { SimState } from "./state.js";
import type { RepoRecord } from "./types.js";

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
