import { z } from "zod";
import { permissionLevel } from "../../core/commands/permissions.js";
import type { PermissionLevel } from "../../core/commands/permissions.js";
import type {
  Conversation,
  MergeMethod,
  PullRequestDetails,
  Reaction,
} from "../../ports/conversation.js";
import type { RepoName } from "../../ports/git-host.js";
import type { GitHubClient } from "./client.js";
import { asGraphqlFailure } from "./client.js";
import { CLOSE_PULL_REQUEST, ENABLE_AUTO_MERGE } from "./documents.js";
import { statusOf } from "./http-status.js";

const PULL_REQUEST_DETAILS = `query PullRequestDetails($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      id number title body state url headRefName headRefOid baseRefName
      author { login }
      labels(first: 50) { nodes { name } }
      autoMergeRequest { enabledAt }
      commits(first: 1) { totalCount }
    }
  }
}`;

const DISABLE_AUTO_MERGE = `mutation DisableAutoMerge($pullRequestId: ID!) {
  disablePullRequestAutoMerge(input: { pullRequestId: $pullRequestId }) { pullRequest { id } }
}`;

const detailsSchema = z.object({
  repository: z.object({
    pullRequest: z
      .object({
        id: z.string(),
        number: z.number(),
        title: z.string(),
        body: z.string(),
        state: z.enum(["OPEN", "CLOSED", "MERGED"]),
        url: z.string(),
        headRefName: z.string(),
        headRefOid: z.string(),
        baseRefName: z.string(),
        author: z.object({ login: z.string() }).nullable(),
        labels: z.object({ nodes: z.array(z.object({ name: z.string() })) }),
        autoMergeRequest: z.object({ enabledAt: z.string().nullable() }).nullable(),
        commits: z.object({ totalCount: z.number() }),
      })
      .nullable(),
  }),
});

/** Conversation on GitHub through one installation's Octokit (REST + GraphQL). */
export class GitHubConversation implements Conversation {
  constructor(private readonly client: GitHubClient) {}

  async pullRequest(repo: RepoName, number: number): Promise<PullRequestDetails | null> {
    let data: unknown;
    try {
      data = await this.client.graphql(PULL_REQUEST_DETAILS, {
        owner: repo.owner,
        name: repo.name,
        number,
      });
    } catch (e) {
      if (asGraphqlFailure(e)?.errors.some((x) => x.type === "NOT_FOUND")) return null;
      throw e;
    }
    const pr = detailsSchema.parse(data).repository.pullRequest;
    if (!pr) return null;
    return {
      id: pr.id,
      number: pr.number,
      title: pr.title,
      body: pr.body,
      state: pr.state,
      url: pr.url,
      author: pr.author?.login ?? null,
      headRef: pr.headRefName,
      headSha: pr.headRefOid,
      baseRef: pr.baseRefName,
      labels: pr.labels.nodes.map((l) => l.name),
      autoMerge: pr.autoMergeRequest !== null,
      commitCount: pr.commits.totalCount,
    };
  }

  async permission(repo: RepoName, login: string): Promise<PermissionLevel | null> {
    try {
      const { data } = await this.client.request(
        "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
        { owner: repo.owner, repo: repo.name, username: login },
      );
      return typeof data === "object" && data !== null ? permissionLevel(data) : null;
    } catch (e) {
      // GitHub answers 404 for a login it does not know (or one renamed since the comment).
      if (statusOf(e) === 404) return null;
      throw e;
    }
  }

  async react(repo: RepoName, commentId: number, reaction: Reaction): Promise<void> {
    await this.client.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", {
      owner: repo.owner,
      repo: repo.name,
      comment_id: commentId,
      content: reaction,
    });
  }

  async comment(repo: RepoName, number: number, body: string): Promise<void> {
    await this.client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: repo.owner,
      repo: repo.name,
      issue_number: number,
      body,
    });
  }

  async addLabel(repo: RepoName, number: number, label: string): Promise<void> {
    await this.client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
      owner: repo.owner,
      repo: repo.name,
      issue_number: number,
      labels: [label],
    });
  }

  async removeLabel(repo: RepoName, number: number, label: string): Promise<boolean> {
    try {
      await this.client.request(
        "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
        {
          owner: repo.owner,
          repo: repo.name,
          issue_number: number,
          name: label,
        },
      );
      return true;
    } catch (e) {
      if (statusOf(e) === 404) return false;
      throw e;
    }
  }

  /** GitHub refuses when nothing is pending or the repository disallows it: reported, not thrown. */
  async enableAutoMerge(pullRequestId: string, method: MergeMethod): Promise<string> {
    try {
      await this.client.graphql(ENABLE_AUTO_MERGE, { pullRequestId, mergeMethod: method });
      return "enabled";
    } catch (e) {
      const failure = asGraphqlFailure(e);
      if (!failure) throw e;
      return `not enabled: ${failure.errors.map((x) => x.message).join("; ")}`;
    }
  }

  async disableAutoMerge(pullRequestId: string): Promise<void> {
    await this.client.graphql(DISABLE_AUTO_MERGE, { pullRequestId });
  }

  async close(pullRequestId: string, comment: string): Promise<void> {
    await this.client.graphql(CLOSE_PULL_REQUEST, {
      pullRequestId,
      subjectId: pullRequestId,
      comment,
    });
  }
}
