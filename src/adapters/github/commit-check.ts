import { z } from "zod";
import { mergeSettingsFromRepository } from "../../core/commits/landing.js";
import type { MergeSettings, PullRequestCommit } from "../../core/commits/landing.js";
import type { CommitCheckHost, CommitCheckRun } from "../../ports/conversation.js";
import type { RepoName } from "../../ports/git-host.js";
import type { GitHubClient } from "./client.js";
import { statusOf } from "./http-status.js";

const PAGE = 100;

const commitSchema = z.object({
  sha: z.string(),
  commit: z.object({ message: z.string() }),
  parents: z.array(z.unknown()),
});
const runsSchema = z.object({
  check_runs: z.array(z.object({ id: z.number(), external_id: z.string().nullable().optional() })),
});

/** The commit check's reads and writes on GitHub (REST). */
export class GitHubCommitCheck implements CommitCheckHost {
  constructor(private readonly client: GitHubClient) {}

  async commits(repo: RepoName, number: number, limit: number): Promise<PullRequestCommit[]> {
    const out: PullRequestCommit[] = [];
    for (let page = 1; out.length < limit; page++) {
      const { data } = await this.client.request(
        "GET /repos/{owner}/{repo}/pulls/{pull_number}/commits",
        { owner: repo.owner, repo: repo.name, pull_number: number, per_page: PAGE, page },
      );
      const commits = z.array(commitSchema).parse(data);
      for (const c of commits)
        out.push({ sha: c.sha, message: c.commit.message, parents: c.parents.length });
      if (commits.length < PAGE) break;
    }
    return out.slice(0, limit);
  }

  async mergeSettings(repo: RepoName): Promise<MergeSettings> {
    const { data } = await this.client.request("GET /repos/{owner}/{repo}", {
      owner: repo.owner,
      repo: repo.name,
    });
    return mergeSettingsFromRepository(data);
  }

  /**
   * Updates this app's run of that name on the commit (a title edit keeps the head), else creates
   * one. The run is recognized by its `external_id`, which only bumpwarden sets to the name.
   */
  async publish(
    repo: RepoName,
    name: string,
    run: CommitCheckRun,
  ): Promise<{ id: number; created: boolean }> {
    const base = { owner: repo.owner, repo: repo.name };
    const body = {
      status: "completed",
      conclusion: run.conclusion,
      output: run.output,
      external_id: name,
    };
    const { data } = await this.client.request(
      "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
      { ...base, ref: run.headSha, check_name: name, filter: "latest" },
    );
    const existing = runsSchema.parse(data).check_runs.find((r) => r.external_id === name);
    if (existing) {
      try {
        await this.client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
          ...base,
          check_run_id: existing.id,
          ...body,
        });
        return { id: existing.id, created: false };
      } catch (e) {
        // Another app's run of the same name: it is not ours to change.
        if (statusOf(e) !== 403 && statusOf(e) !== 404) throw e;
      }
    }
    const created = await this.client.request("POST /repos/{owner}/{repo}/check-runs", {
      ...base,
      name,
      head_sha: run.headSha,
      ...body,
    });
    return { id: z.object({ id: z.number() }).parse(created.data).id, created: true };
  }
}
