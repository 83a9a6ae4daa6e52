import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";
import type {
  BranchView,
  BumpWrite,
  CheckState,
  Decoration,
  DecorationResult,
  GitHost,
  PullRequestView,
  RefusedReviewer,
  RepoName,
  RepoView,
  TreeFile,
  WriteError,
  WrittenPullRequest,
} from "../../ports/git-host.js";
import type { GitHubClient } from "./client.js";
import { asGraphqlFailure } from "./client.js";
import {
  CLOSE_PULL_REQUEST,
  CREATE_BUMP,
  ENABLE_AUTO_MERGE,
  readFilesQuery,
  repoViewQuery,
  resetBumpMutation,
} from "./documents.js";
import type { RawBlob, RawBranchRef, RawPullRequests, RawRepoView } from "./raw.js";
import { listAllFiles } from "./tree-walk.js";

/** Files per GraphQL query when reading many (keeps responses well under GitHub's limits). */
const READ_BATCH = 100;
const MAX_TEXT = 1_000_000;

export class GitHubGitHost implements GitHost {
  constructor(private readonly client: GitHubClient) {}

  async view(repo: RepoName, request: { files: string[]; branches: string[] }): Promise<RepoView> {
    const variables: Record<string, unknown> = { owner: repo.owner, name: repo.name };
    request.files.forEach((path, i) => (variables[`f${i}`] = path));
    request.branches.forEach((branch, i) => {
      variables[`r${i}`] = `refs/heads/${branch}`;
      variables[`h${i}`] = branch;
    });
    const data = await this.client.graphql<RawRepoView>(
      repoViewQuery(request.files.length, request.branches.length),
      variables,
    );
    const r = data.repository;
    const head = r.defaultBranchRef;
    if (!head)
      throw new Error(`${repo.owner}/${repo.name} has no default branch (empty repository?)`);
    const files: Record<string, string | null> = {};
    request.files.forEach((path, i) => {
      const entry = head.target[`f${i}`] as { object?: RawBlob | null } | null | undefined;
      files[path] = blobText(entry?.object);
    });
    const branches: Record<string, BranchView> = {};
    request.branches.forEach((name, i) => {
      const ref = r[`b${i}`] as RawBranchRef | null | undefined;
      const prs = r[`p${i}`] as RawPullRequests | undefined;
      branches[name] = {
        name,
        refId: ref?.id ?? null,
        headOid: ref?.target?.oid ?? null,
        // Bots are not `User`s, so an app's own commits carry only the author name (`app[bot]`).
        headAuthor: ref?.target?.author?.user?.login ?? ref?.target?.author?.name ?? null,
        pullRequests: (prs?.nodes ?? []).map(toPullRequest).reverse(),
      };
    });
    return {
      id: r.id,
      nameWithOwner: r.nameWithOwner,
      viewer: data.viewer.login,
      defaultBranch: head.name,
      headOid: head.target.oid,
      files,
      branches,
      squashMergeCommitTitle: r.squashMergeCommitTitle ?? null,
    };
  }

  /** One recursive tree read; a listing GitHub truncates is completed subtree by subtree (tree-walk.ts). */
  async listTree(repo: RepoName, oid: string): Promise<{ files: TreeFile[]; truncated: boolean }> {
    const { files, truncated } = await listAllFiles(this.client, repo, oid);
    return { files, truncated };
  }

  async readFiles(
    repo: RepoName,
    oid: string,
    paths: string[],
  ): Promise<Record<string, string | null>> {
    const out: Record<string, string | null> = {};
    for (let start = 0; start < paths.length; start += READ_BATCH) {
      const batch = paths.slice(start, start + READ_BATCH);
      const variables: Record<string, unknown> = { owner: repo.owner, name: repo.name };
      batch.forEach((path, i) => (variables[`e${i}`] = `${oid}:${path}`));
      const data = await this.client.graphql<{ repository: Record<string, RawBlob | null> }>(
        readFilesQuery(batch.length),
        variables,
      );
      batch.forEach((path, i) => (out[path] = blobText(data.repository[`f${i}`])));
    }
    return out;
  }

  async writeBump(w: BumpWrite): Promise<Result<WrittenPullRequest, WriteError>> {
    const common = {
      baseOid: w.baseOid,
      branch: { repositoryNameWithOwner: `${w.repo.owner}/${w.repo.name}`, branchName: w.branch },
      message: w.message,
      changes: {
        additions: w.files.map((f) => ({
          path: f.path,
          contents: Buffer.from(f.contents, "utf8").toString("base64"),
        })),
      },
      title: w.title,
      body: w.body,
    };
    const opening = {
      repositoryId: w.repositoryId,
      baseRefName: w.baseBranch,
      headRefName: w.branch,
    };
    const refName = `refs/heads/${w.branch}`;
    const reset = { repositoryId: w.repositoryId, refName, headOid: w.headOid };
    const [document, variables] =
      w.refId === null || w.headOid === null
        ? [CREATE_BUMP, { ...common, ...opening, refName }]
        : w.pullRequestId === null
          ? [resetBumpMutation(false), { ...common, ...opening, ...reset }]
          : [resetBumpMutation(true), { ...common, ...reset, pullRequestId: w.pullRequestId }];
    try {
      const data = await this.client.graphql<RawBumpResult>(document, variables);
      return written(data, w.pullRequestId === null);
    } catch (e) {
      const failure = asGraphqlFailure(e);
      if (!failure) throw e;
      const message = failure.errors.map((x) => x.message).join("; ");
      if (/expected branch to point to|is at .* but expected/i.test(message))
        return err({ kind: "stale-head", message });
      if (/already exists/i.test(message)) return err({ kind: "conflict", message });
      return err({ kind: "failed", message });
    }
  }

  /**
   * Labels, reviewers and auto-merge in parallel: each is independent, and what a failed run left
   * out is found from the PR's state on the next one (`decorationSteps`), whatever the order.
   * Every part is tried even when another fails; the first failure is then thrown.
   */
  async decorate(
    repo: RepoName,
    pr: { id: string; number: number },
    d: Decoration,
  ): Promise<DecorationResult> {
    const calls: Array<Promise<unknown>> = [];
    const base = { owner: repo.owner, repo: repo.name };
    if (d.labels.length > 0)
      calls.push(
        this.client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
          ...base,
          issue_number: pr.number,
          labels: d.labels,
        }),
      );
    const reviewers =
      d.reviewers.length > 0 || d.teamReviewers.length > 0
        ? this.requestReviewers(repo, pr.number, d.reviewers, d.teamReviewers)
        : Promise.resolve([]);
    const automerge = d.automerge
      ? this.enableAutoMerge(pr.id, d.automerge)
      : Promise.resolve(null);
    const [merged, refused, ...settled] = await Promise.allSettled([
      automerge,
      reviewers,
      ...calls,
    ]);
    for (const s of [merged, refused, ...settled]) if (s.status === "rejected") throw s.reason;
    return {
      automerge: merged.status === "fulfilled" ? merged.value : null,
      refusedReviewers: refused.status === "fulfilled" ? refused.value : [],
    };
  }

  /**
   * Asks for the reviewers in one request. GitHub refuses the whole request with a 422 when one of
   * them cannot review (not a collaborator, the PR's author, an unknown team) and does not say
   * which: then each is asked alone, so the others still are, and the refused ones are returned.
   * Other errors (5xx, rate limits) are thrown for the job to retry.
   */
  private async requestReviewers(
    repo: RepoName,
    number: number,
    users: string[],
    teams: string[],
  ): Promise<RefusedReviewer[]> {
    const ask = (reviewers: string[], team_reviewers: string[]) =>
      this.client.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", {
        owner: repo.owner,
        repo: repo.name,
        pull_number: number,
        reviewers,
        team_reviewers,
      });
    try {
      await ask(users, teams);
      return [];
    } catch (e) {
      if (!isRefusal(e)) throw e;
      if (users.length + teams.length === 1)
        return [{ reviewer: users[0] ?? `team:${teams[0] ?? ""}`, reason: refusalText(e) }];
    }
    const alone = [
      ...users.map((u) => ({ reviewer: u, call: () => ask([u], []) })),
      ...teams.map((t) => ({ reviewer: `team:${t}`, call: () => ask([], [t]) })),
    ];
    const refused: RefusedReviewer[] = [];
    await Promise.all(
      alone.map(async ({ reviewer, call }) => {
        try {
          await call();
        } catch (e) {
          if (!isRefusal(e)) throw e;
          refused.push({ reviewer, reason: refusalText(e) });
        }
      }),
    );
    return refused;
  }

  /**
   * GitHub refuses auto-merge on a PR that has nothing left to wait for ("clean status": no
   * required check pending) or where the repository disallows it; bumpwarden never merges in its
   * place, so that is reported. A later run asks again only while the PR's merge state says GitHub
   * would accept it (`decorationSteps`), or after a new commit.
   */
  private async enableAutoMerge(pullRequestId: string, mergeMethod: string): Promise<string> {
    try {
      await this.client.graphql(ENABLE_AUTO_MERGE, { pullRequestId, mergeMethod });
      return "enabled";
    } catch (e) {
      const failure = asGraphqlFailure(e);
      if (!failure) throw e;
      return `not enabled: ${failure.errors.map((x) => x.message).join("; ")}`;
    }
  }

  async completeCheckRun(
    repo: RepoName,
    headSha: string,
    run: {
      name: string;
      conclusion: "success" | "neutral" | "failure";
      title: string;
      summary: string;
    },
  ): Promise<void> {
    await this.client.request("POST /repos/{owner}/{repo}/check-runs", {
      owner: repo.owner,
      repo: repo.name,
      name: run.name,
      head_sha: headSha,
      status: "completed",
      conclusion: run.conclusion,
      output: { title: run.title, summary: run.summary },
    });
  }

  async openPullRequests(
    repo: RepoName,
    prefix: string,
  ): Promise<Array<{ number: number; headRefName: string; body: string }>> {
    const out: Array<{ number: number; headRefName: string; body: string }> = [];
    for (let page = 1; page <= 10; page++) {
      const { data } = await this.client.request("GET /repos/{owner}/{repo}/pulls", {
        owner: repo.owner,
        repo: repo.name,
        state: "open",
        per_page: 100,
        page,
      });
      const pulls = data as Array<{ number: number; body: string | null; head: { ref: string } }>;
      for (const p of pulls)
        if (p.head.ref.startsWith(`${prefix}/`))
          out.push({ number: p.number, headRefName: p.head.ref, body: p.body ?? "" });
      if (pulls.length < 100) break;
    }
    return out;
  }

  async closeWithComment(
    _repo: RepoName,
    pr: { id: string; number: number },
    comment: string,
  ): Promise<void> {
    await this.client.graphql(CLOSE_PULL_REQUEST, {
      pullRequestId: pr.id,
      subjectId: pr.id,
      comment,
    });
  }
}

interface RawBumpResult {
  commit: { commit: { oid: string } } | null;
  pr: { pullRequest: { id: string; number: number; url: string } } | null;
}

function written(data: RawBumpResult, created: boolean): Result<WrittenPullRequest, WriteError> {
  const pr = data.pr?.pullRequest;
  const commitOid = data.commit?.commit.oid;
  if (!pr || !commitOid)
    return err({ kind: "failed", message: "GitHub returned no commit or pull request" });
  return ok({ ...pr, commitOid, created });
}

function blobText(blob: RawBlob | null | undefined): string | null {
  if (!blob || blob.isBinary || typeof blob.text !== "string") return null;
  return blob.byteSize > MAX_TEXT ? null : blob.text;
}

function toPullRequest(raw: RawPullRequests["nodes"][number]): PullRequestView {
  const checks =
    raw.state === "MERGED"
      ? raw.mergeCommit?.statusCheckRollup?.state
      : raw.commits.nodes[0]?.commit.statusCheckRollup?.state;
  return {
    id: raw.id,
    number: raw.number,
    title: raw.title,
    body: raw.body,
    state: raw.state,
    url: raw.url,
    mergedAt: raw.mergedAt,
    headRefName: raw.headRefName,
    headOid: raw.headRefOid,
    author: raw.author?.login ?? null,
    labels: raw.labels.nodes.map((l) => l.name),
    checks: (checks ?? null) as CheckState | null,
    decoration: {
      autoMerge: raw.autoMergeRequest != null,
      mergeState: raw.mergeStateStatus ?? null,
      reviewers: [
        ...(raw.reviewRequests?.nodes ?? []).map(
          (n) => n?.requestedReviewer?.login ?? n?.requestedReviewer?.slug,
        ),
        ...(raw.latestReviews?.nodes ?? []).map((n) => n?.author?.login),
      ].filter((r): r is string => typeof r === "string"),
    },
  };
}

/** GitHub's 422 on a reviewer request: asking again cannot help. */
function isRefusal(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { status?: unknown }).status === 422;
}

function refusalText(e: unknown): string {
  const response = (e as { response?: { data?: { message?: unknown } } }).response;
  const message = response?.data?.message;
  return typeof message === "string" ? message : e instanceof Error ? e.message : String(e);
}
