import { z } from "zod";
import type { DashboardIssues, IssueText, PullRequestListing } from "../../ports/conversation.js";
import type { RepoName } from "../../ports/git-host.js";
import type { GitHubClient } from "./client.js";
import { statusOf } from "./http-status.js";

/** The app's PRs for the dashboard: every open one (up to 100) and the 100 most recent others. */
const BUMP_PULLS = `query BumpPulls($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    open: pullRequests(states: [OPEN], last: 100) { nodes { ...BumpPull } }
    done: pullRequests(states: [CLOSED, MERGED], last: 100, orderBy: { field: UPDATED_AT, direction: ASC }) {
      nodes { ...BumpPull }
    }
  }
}
fragment BumpPull on PullRequest {
  number url state body headRefName
  labels(first: 30) { nodes { name } }
  autoMergeRequest { enabledAt }
}`;

const pullSchema = z.object({
  number: z.number(),
  url: z.string(),
  state: z.enum(["OPEN", "CLOSED", "MERGED"]),
  body: z.string(),
  headRefName: z.string(),
  labels: z.object({ nodes: z.array(z.object({ name: z.string() })) }),
  autoMergeRequest: z.object({ enabledAt: z.string().nullable() }).nullable(),
});
const pullsSchema = z.object({
  repository: z.object({
    open: z.object({ nodes: z.array(pullSchema) }),
    done: z.object({ nodes: z.array(pullSchema) }),
  }),
});

const issueSchema = z.object({
  number: z.number(),
  body: z.string().nullable().optional(),
  state: z.string(),
  pull_request: z.unknown().optional(),
});

export class GitHubDashboardIssues implements DashboardIssues {
  constructor(private readonly client: GitHubClient) {}

  async issuesWithLabel(repo: RepoName, label: string): Promise<IssueText[]> {
    const { data } = await this.client.request("GET /repos/{owner}/{repo}/issues", {
      owner: repo.owner,
      repo: repo.name,
      labels: label,
      state: "all",
      direction: "asc",
      per_page: 100,
    });
    return z
      .array(issueSchema)
      .parse(data)
      .filter((i) => i.pull_request === undefined)
      .map((i) => ({ number: i.number, body: i.body ?? "", open: i.state === "open" }))
      .sort((a, b) => a.number - b.number);
  }

  async createIssue(
    repo: RepoName,
    issue: { title: string; body: string; labels: string[] },
  ): Promise<number | null> {
    try {
      const { data } = await this.client.request("POST /repos/{owner}/{repo}/issues", {
        owner: repo.owner,
        repo: repo.name,
        title: issue.title,
        body: issue.body,
        labels: issue.labels,
      });
      return issueSchema.parse(data).number;
    } catch (e) {
      // "Issues are disabled for this repo."
      if (statusOf(e) === 410) return null;
      throw e;
    }
  }

  async updateIssueBody(repo: RepoName, number: number, body: string): Promise<void> {
    await this.client.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      owner: repo.owner,
      repo: repo.name,
      issue_number: number,
      body,
    });
  }

  async pullRequestsByBranchPrefix(repo: RepoName, prefix: string): Promise<PullRequestListing[]> {
    const data = pullsSchema.parse(
      await this.client.graphql(BUMP_PULLS, { owner: repo.owner, name: repo.name }),
    );
    const byNumber = new Map<number, PullRequestListing>();
    for (const pr of [...data.repository.done.nodes, ...data.repository.open.nodes]) {
      if (!pr.headRefName.startsWith(`${prefix}/`)) continue;
      byNumber.set(pr.number, {
        number: pr.number,
        url: pr.url,
        state: pr.state,
        labels: pr.labels.nodes.map((l) => l.name),
        autoMerge: pr.autoMergeRequest !== null,
        body: pr.body,
        headRef: pr.headRefName,
      });
    }
    return [...byNumber.values()].sort((a, b) => a.number - b.number);
  }
}
