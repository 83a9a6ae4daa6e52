import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";
import type { RepoName } from "../../ports/git-host.js";
import type {
  Comparison,
  CompareStatus,
  SourceHistory,
  SourceHistoryError,
} from "../../ports/source-history.js";
import type { GitHubClient } from "./client.js";
import { statusOf } from "./http-status.js";

interface RawComparison {
  status: CompareStatus;
  ahead_by: number;
  behind_by: number;
  commits: Array<{ sha: string }>;
}

/**
 * `GET /repos/{owner}/{repo}/compare/{base}...{head}` through the installation's client. A
 * repository the installation cannot read and an unknown commit both answer 404 (GitHub does not
 * say which); 403/422 are refusals. Anything else (5xx, rate limits) is thrown, so the job runs
 * again later instead of deciding on less.
 */
export class GitHubSourceHistory implements SourceHistory {
  private readonly branches = new Map<string, Promise<string>>();

  constructor(private readonly client: GitHubClient) {}

  async compare(
    repo: RepoName,
    base: string,
    head: string,
  ): Promise<Result<Comparison, SourceHistoryError>> {
    try {
      // The API takes branch names, tags and SHAs; `HEAD` is spelled as the default branch.
      const to = head === "HEAD" ? await this.defaultBranch(repo) : head;
      const { data } = await this.client.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
        owner: repo.owner,
        repo: repo.name,
        basehead: `${base}...${to}`,
      });
      const raw = data as RawComparison;
      return ok({
        status: raw.status,
        aheadBy: raw.ahead_by,
        behindBy: raw.behind_by,
        commits: raw.commits.map((c) => c.sha),
      });
    } catch (e) {
      const status = statusOf(e);
      const name = `${repo.owner}/${repo.name}`;
      if (status === 404)
        return err({
          kind: "unreadable",
          message: `GitHub answered 404 comparing ${short(base)}...${short(head)} in ${name}: the installation cannot read it, or a commit is not in it`,
        });
      if (status === 403 || status === 422)
        return err({
          kind: "refused",
          message: `GitHub refused to compare ${short(base)}...${short(head)} in ${name} (${status}): ${e instanceof Error ? e.message : String(e)}`,
        });
      throw e;
    }
  }

  private defaultBranch(repo: RepoName): Promise<string> {
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    let branch = this.branches.get(key);
    if (!branch) {
      branch = this.client
        .request("GET /repos/{owner}/{repo}", { owner: repo.owner, repo: repo.name })
        .then(({ data }) => (data as { default_branch: string }).default_branch);
      branch.catch(() => this.branches.delete(key));
      this.branches.set(key, branch);
    }
    return branch;
  }
}

const short = (rev: string) => (/^[0-9a-f]{40}$/i.test(rev) ? rev.slice(0, 12) : rev);
