import { z } from "zod";
import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";
import type { PullFile } from "../../core/review/report/diff.js";
import { parseFindingMarker } from "../../core/review/report/marker.js";
import type { BotThread } from "../../core/review/report/plan.js";
import type { RepoName } from "../../ports/git-host.js";
import type {
  CheckRunUpdate,
  NewReviewComment,
  PullRequestRef,
  ReviewHost,
  ReviewState,
} from "../../ports/review-host.js";
import type { GitHubClient } from "./client.js";
import { loadRepoConfig } from "./config-loader.js";
import { GitHubGitHost } from "./git-host.js";
import { REVIEW_STATE, resolveThreadsMutation } from "./review-documents.js";
import type { RawReviewState } from "./review-documents.js";

/** GitHub lists at most 3,000 files of a pull request, 100 a page. */
const FILE_PAGES = 30;
const THREAD_PAGES = 30;
const RESOLVE_BATCH = 50;

const pullFileSchema = z.object({
  filename: z.string(),
  status: z.enum(["added", "removed", "modified", "renamed", "copied", "changed", "unchanged"]),
  previous_filename: z.string().optional(),
  patch: z.string().optional(),
});

/** A bot is `name[bot]` to REST and the viewer field, `name` as a GraphQL comment author. */
const botName = (login: string): string => login.toLowerCase().replace(/\[bot\]$/, "");

export class GitHubReviewHost implements ReviewHost {
  private readonly git: GitHubGitHost;

  constructor(private readonly client: GitHubClient) {
    this.git = new GitHubGitHost(client);
  }

  async loadConfig(repo: RepoName) {
    const loaded = await loadRepoConfig(this.client, { owner: repo.owner, repo: repo.name });
    if (!loaded.ok) return loaded;
    return ok(loaded.value.files.length === 0 ? null : loaded.value);
  }

  async reviewState(pr: PullRequestRef): Promise<ReviewState> {
    const threads: BotThread[] = [];
    let after: string | null = null;
    let head: { headOid: string; draft: boolean; defaultBranchOid: string } | undefined;
    for (let page = 0; page < THREAD_PAGES; page++) {
      const data: RawReviewState = await this.client.graphql<RawReviewState>(REVIEW_STATE, {
        owner: pr.owner,
        name: pr.name,
        number: pr.number,
        after,
      });
      const p = data.repository?.pullRequest;
      const base = data.repository?.defaultBranchRef?.target?.oid;
      if (!p || !base)
        throw new Error(`${pr.owner}/${pr.name}#${pr.number}: no pull request or default branch`);
      head ??= { headOid: p.headRefOid, draft: p.isDraft, defaultBranchOid: base };
      const me = botName(data.viewer.login);
      for (const t of p.reviewThreads.nodes) {
        const first = t.comments.nodes[0];
        const fingerprint = first ? parseFindingMarker(first.body) : null;
        // Only the app's own comments count: anyone can paste a marker into theirs.
        if (fingerprint && first?.author && botName(first.author.login) === me)
          threads.push({
            id: t.id,
            resolved: t.isResolved,
            fingerprint,
            line: t.line ?? null,
            body: first.body,
          });
      }
      if (!p.reviewThreads.pageInfo.hasNextPage) break;
      after = p.reviewThreads.pageInfo.endCursor;
    }
    if (!head) throw new Error("unreachable: no page read");
    return { ...head, threads };
  }

  async headOf(pr: PullRequestRef): Promise<string> {
    const { data } = await this.client.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
      owner: pr.owner,
      repo: pr.name,
      pull_number: pr.number,
    });
    return z.object({ head: z.object({ sha: z.string() }) }).parse(data).head.sha;
  }

  async pullFiles(pr: PullRequestRef): Promise<{ files: PullFile[]; truncated: boolean }> {
    const files: PullFile[] = [];
    for (let page = 1; page <= FILE_PAGES; page++) {
      const { data } = await this.client.request(
        "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
        {
          owner: pr.owner,
          repo: pr.name,
          pull_number: pr.number,
          per_page: 100,
          page,
        },
      );
      const list = z.array(pullFileSchema).parse(data);
      for (const f of list)
        files.push({
          path: f.filename,
          status: f.status,
          ...(f.previous_filename !== undefined && { previousPath: f.previous_filename }),
          ...(f.patch !== undefined && { patch: f.patch }),
        });
      if (list.length < 100) return { files, truncated: false };
    }
    return { files, truncated: true };
  }

  async listPaths(repo: RepoName, oid: string): Promise<{ paths: string[]; truncated: boolean }> {
    const tree = await this.git.listTree(repo, oid);
    return { paths: tree.files.map((f) => f.path), truncated: tree.truncated };
  }

  readFiles(repo: RepoName, oid: string, paths: string[]): Promise<Record<string, string | null>> {
    return paths.length === 0 ? Promise.resolve({}) : this.git.readFiles(repo, oid, paths);
  }

  async createReview(
    pr: PullRequestRef,
    review: { commitId: string; body: string; comments: NewReviewComment[] },
  ): Promise<Result<{ id: number }, string>> {
    try {
      const { data } = await this.client.request(
        "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
        {
          owner: pr.owner,
          repo: pr.name,
          pull_number: pr.number,
          commit_id: review.commitId,
          event: "COMMENT",
          body: review.body,
          comments: review.comments.map((c) => ({
            path: c.path,
            body: c.body,
            line: c.line,
            side: "RIGHT",
            ...(c.startLine !== undefined && { start_line: c.startLine, start_side: "RIGHT" }),
          })),
        },
      );
      return ok({ id: z.object({ id: z.number() }).parse(data).id });
    } catch (e) {
      // 422: a comment GitHub does not accept on this diff (the head moved, a line left the hunk).
      if (statusOf(e) === 422) return err(e instanceof Error ? e.message : String(e));
      throw e;
    }
  }

  async resolveThreads(threadIds: string[]): Promise<void> {
    for (let i = 0; i < threadIds.length; i += RESOLVE_BATCH) {
      const batch = threadIds.slice(i, i + RESOLVE_BATCH);
      const variables = Object.fromEntries(batch.map((id, j) => [`t${j}`, id]));
      await this.client.graphql(resolveThreadsMutation(batch.length), variables);
    }
  }

  async createCheckRun(
    repo: RepoName,
    run: { name: string; headSha: string; startedAt: Date },
  ): Promise<number> {
    const { data } = await this.client.request("POST /repos/{owner}/{repo}/check-runs", {
      owner: repo.owner,
      repo: repo.name,
      name: run.name,
      head_sha: run.headSha,
      status: "in_progress",
      started_at: run.startedAt.toISOString(),
    });
    return z.object({ id: z.number() }).parse(data).id;
  }

  async updateCheckRun(repo: RepoName, id: number, update: CheckRunUpdate): Promise<void> {
    await this.client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      owner: repo.owner,
      repo: repo.name,
      check_run_id: id,
      ...(update.conclusion !== undefined && {
        status: "completed",
        conclusion: update.conclusion,
        ...(update.completedAt && { completed_at: update.completedAt.toISOString() }),
      }),
      output: { title: update.title, summary: update.summary, annotations: update.annotations },
    });
  }
}

function statusOf(e: unknown): number | undefined {
  const status =
    typeof e === "object" && e !== null ? (e as { status?: unknown }).status : undefined;
  return typeof status === "number" ? status : undefined;
}
