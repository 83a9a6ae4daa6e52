import { afterEach, describe, expect, test } from "vitest";
import { closeClean, headOid, KUSTOMIZE_FILES as FILES, world, type World } from "./helpers.js";

let w: World;
afterEach(() => closeClean(w));

describe("GraphQL pull request mutations", () => {
  const head = (branch: string) => headOid(w, branch);

  test("pull requests: create, read review threads, resolve one, comment, auto-merge, update", async () => {
    w = await world(FILES);
    const base = await head("main");
    w.sim.human.push(w.full, "bumpwarden/prod/acme-api", {
      "clusters/prod/kustomization.yaml": FILES["clusters/prod/kustomization.yaml"].replace(
        "1.6.0",
        "latest",
      ),
    });
    const repoId = (
      await w.octokit.graphql<{ repository: { id: string } }>(
        `{ repository(owner: "acme", name: "gitops") { id } }`,
      )
    ).repository.id;
    const created = await w.octokit.graphql<{
      createPullRequest: {
        pullRequest: { id: string; number: number; headRefOid: string; baseRefOid: string };
      };
    }>(
      `mutation($input: CreatePullRequestInput!) { createPullRequest(input: $input) { pullRequest { id number headRefOid baseRefOid } } }`,
      {
        input: {
          repositoryId: repoId,
          baseRefName: "main",
          headRefName: "bumpwarden/prod/acme-api",
          title: "chore(deps): bump acme/api",
          body: "<!-- bumpwarden -->",
        },
      },
    );
    const pr = created.createPullRequest.pullRequest;
    expect(pr.baseRefOid).toBe(base);
    const again = w.octokit.graphql(
      `mutation($input: CreatePullRequestInput!) { createPullRequest(input: $input) { pullRequest { id } } }`,
      {
        input: {
          repositoryId: repoId,
          baseRefName: "main",
          headRefName: "bumpwarden/prod/acme-api",
          title: "dup",
        },
      },
    );
    await expect(again).rejects.toMatchObject({
      errors: [{ message: "A pull request already exists for acme:bumpwarden/prod/acme-api." }],
    });

    await w.octokit.rest.pulls.createReview({
      ...w.repo,
      pull_number: pr.number,
      event: "COMMENT",
      body: "review",
      comments: [
        {
          path: "clusters/prod/kustomization.yaml",
          line: 3,
          side: "RIGHT",
          body: "no `latest` tags <!-- fp:1 -->",
        },
      ],
    });
    const THREADS = `query($n: Int!) { repository(owner: "acme", name: "gitops") { pullRequest(number: $n) { reviewThreads(first: 10) { totalCount nodes { id isResolved isOutdated path line comments(first: 5) { nodes { body databaseId author { login } } } } } } } }`;
    type Threads = {
      repository: {
        pullRequest: {
          reviewThreads: {
            totalCount: number;
            nodes: Array<{
              id: string;
              isResolved: boolean;
              isOutdated: boolean;
              path: string;
              line: number;
              comments: { nodes: Array<{ body: string; author: { login: string } }> };
            }>;
          };
        };
      };
    };
    const threads = (await w.octokit.graphql<Threads>(THREADS, { n: pr.number })).repository
      .pullRequest.reviewThreads;
    expect(threads.totalCount).toBe(1);
    expect(threads.nodes[0]).toMatchObject({
      isResolved: false,
      isOutdated: false,
      path: "clusters/prod/kustomization.yaml",
      line: 3,
      comments: {
        nodes: [{ body: "no `latest` tags <!-- fp:1 -->", author: { login: "bumpwarden[bot]" } }],
      },
    });
    const threadId = threads.nodes[0]?.id ?? "";
    const resolved = await w.octokit.graphql<{
      resolveReviewThread: { thread: { isResolved: boolean } };
    }>(
      `mutation($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { isResolved } } }`,
      { id: threadId },
    );
    expect(resolved.resolveReviewThread.thread.isResolved).toBe(true);

    await w.octokit.graphql(
      `mutation($id: ID!) { addComment(input: { subjectId: $id, body: "Bumped." }) { commentEdge { node { body } } } }`,
      { id: pr.id },
    );
    const comments = await w.octokit.rest.issues.listComments({
      ...w.repo,
      issue_number: pr.number,
    });
    expect(comments.data.map((c) => c.body)).toEqual(["Bumped."]);

    const AUTO = `mutation($id: ID!) { enablePullRequestAutoMerge(input: { pullRequestId: $id, mergeMethod: SQUASH }) { pullRequest { autoMergeRequest { mergeMethod } } } }`;
    await expect(w.octokit.graphql(AUTO, { id: pr.id })).rejects.toMatchObject({
      errors: [{ message: "Pull request is in clean status" }],
    });
    w.sim.human.setCheckRun(w.full, pr.headRefOid, { name: "ci", status: "in_progress" });
    const auto = await w.octokit.graphql<{
      enablePullRequestAutoMerge: { pullRequest: { autoMergeRequest: { mergeMethod: string } } };
    }>(AUTO, { id: pr.id });
    expect(auto.enablePullRequestAutoMerge.pullRequest.autoMergeRequest.mergeMethod).toBe("SQUASH");
    w.sim.human.setCheckRun(w.full, pr.headRefOid, { name: "ci", conclusion: "success" });
    const merged = await w.octokit.rest.pulls.get({ ...w.repo, pull_number: pr.number });
    expect(merged.data).toMatchObject({ state: "closed", merged: true });
    expect(w.sim.human.readFile(w.full, "main", "clusters/prod/kustomization.yaml")).toContain(
      "latest",
    );

    const updated = await w.octokit.graphql<{
      updatePullRequest: { pullRequest: { title: string; state: string } };
    }>(
      `mutation($id: ID!) { updatePullRequest(input: { pullRequestId: $id, title: "renamed" }) { pullRequest { title state } } }`,
      { id: pr.id },
    );
    expect(updated.updatePullRequest.pullRequest).toEqual({ title: "renamed", state: "MERGED" });
  });
});
