import { fail } from "./errors.js";
import { HumanGit } from "./human-git.js";
import { createWorkflowRun } from "./state/actions.js";
import type { WorkflowRunInput, WorkflowRunRecord } from "./state/actions.js";
import { runAutoMerge } from "./state/automerge.js";
import { createCheckRun, updateCheckRun } from "./state/check-runs.js";
import { mergePull } from "./state/merge-pull.js";
import { closePullRecord } from "./state/pull-lifecycle.js";
import { headSha, openPull } from "./state/pulls.js";
import { resolveRev } from "./state/refs.js";
import type { IssueCommentRecord, RepoPermission } from "./state/types.js";

export type { Files } from "./human-git.js";

/**
 * What people (and GitHub's own setup) do, for tests: install the app, create repositories,
 * push, open and merge pull requests, comment, set check results and permissions.
 * Everything goes straight to the state; nothing passes through HTTP, validation or faults.
 */
export class Human extends HumanGit {
  openPullRequest(
    fullName: string,
    options: {
      head: string;
      base?: string;
      title: string;
      body?: string;
      author?: string;
      draft?: boolean;
    },
  ): number {
    const repo = this.repo(fullName);
    const opened = openPull(this.state, repo, {
      head: options.head,
      base: options.base ?? repo.defaultBranch,
      title: options.title,
      body: options.body ?? null,
      draft: options.draft ?? false,
      maintainerCanModify: true,
      user: this.state.user(options.author ?? "octocat", "User"),
    });
    if (!opened.ok)
      fail(opened.error.status, JSON.stringify(opened.error.errors ?? opened.error.message));
    return opened.value.number;
  }

  mergePullRequest(
    fullName: string,
    number: number,
    options: { method?: "merge" | "squash" | "rebase"; by?: string } = {},
  ): string {
    const repo = this.repo(fullName);
    const pr = repo.pulls.get(number) ?? fail(404, `no pull request #${number}`);
    const merged = mergePull(this.state, repo, pr, {
      method: options.method ?? "merge",
      by: this.state.user(options.by ?? "octocat", "User"),
    });
    if (!merged.ok) fail(merged.error.status, merged.error.message);
    return merged.value.sha;
  }

  /**
   * A GitHub Actions run that completed on `fullName` (default: `success`, on a push to the default
   * branch's head), with the artifacts it uploaded (name → files, zipped as upload-artifact does).
   * Tests send the `workflow_run` webhook themselves (serialize/actions.ts `workflowRunJson`).
   */
  completeWorkflowRun(fullName: string, input: WorkflowRunInput = {}): WorkflowRunRecord {
    return createWorkflowRun(this.state, this.repo(fullName), input);
  }

  closePullRequest(fullName: string, number: number): void {
    const repo = this.repo(fullName);
    const pr = repo.pulls.get(number) ?? fail(404, `no pull request #${number}`);
    closePullRecord(this.state, repo, pr, headSha(repo, pr));
  }

  comment(fullName: string, number: number, body: string, author = "octocat"): IssueCommentRecord {
    const repo = this.repo(fullName);
    if (!repo.issues.has(number)) fail(404, `no issue #${number}`);
    const now = this.state.timestamp();
    const comment: IssueCommentRecord = {
      id: this.state.nextId(),
      issueNumber: number,
      user: this.state.user(author, "User"),
      body,
      reactions: [],
      createdAt: now,
      updatedAt: now,
    };
    repo.issueComments.set(comment.id, comment);
    return comment;
  }

  setPermission(fullName: string, login: string, permission: RepoPermission | "none"): void {
    const repo = this.repo(fullName);
    this.state.user(login, "User");
    if (permission === "none") repo.collaborators.delete(login.toLowerCase());
    else repo.collaborators.set(login.toLowerCase(), permission);
  }

  /** Reports a check run from another app (CI) on a commit or branch; updates the run of that name if present. */
  setCheckRun(
    fullName: string,
    ref: string,
    check: {
      name: string;
      status?: "queued" | "in_progress" | "completed";
      conclusion?: string;
      appId?: number;
    },
  ): number {
    const repo = this.repo(fullName);
    const sha = resolveRev(repo, ref) ?? fail(404, `no revision ${ref}`);
    const appId = check.appId ?? 15368;
    const existing = [...repo.checkRuns.values()].find(
      (r) => r.headSha === sha && r.name === check.name && r.appId === appId,
    );
    const input = {
      name: check.name,
      headSha: sha,
      status: check.status,
      conclusion: check.conclusion,
    };
    const result = existing
      ? updateCheckRun(this.state, repo, existing, input)
      : createCheckRun(this.state, repo, appId, input);
    if (!result.ok) fail(result.error.status, result.error.message);
    return result.value.id;
  }

  setStatus(
    fullName: string,
    ref: string,
    status: {
      context: string;
      state: "error" | "failure" | "pending" | "success";
      description?: string;
    },
  ): void {
    const repo = this.repo(fullName);
    const sha = resolveRev(repo, ref) ?? fail(404, `no revision ${ref}`);
    repo.statuses.push({
      id: this.state.nextId(),
      sha,
      state: status.state,
      context: status.context,
      description: status.description ?? null,
      targetUrl: null,
      creator: this.state.user("ci-bot", "User"),
      createdAt: this.state.timestamp(),
    });
    runAutoMerge(this.state, repo);
  }
}
