import { afterEach, describe, expect, test } from "vitest";
import { closeClean, status, type World, world } from "./helpers.js";

let w: World;
afterEach(() => closeClean(w));

describe("issues, comments, reactions and permissions", () => {
  test("a dashboard issue, comments with reactions, and per-user permission", async () => {
    w = await world();
    const issue = await w.octokit.rest.issues.create({
      ...w.repo,
      title: "Dependency dashboard",
      body: "- [ ] acme/api",
      labels: ["dependencies"],
    });
    await w.octokit.rest.issues.update({
      ...w.repo,
      issue_number: issue.data.number,
      body: "- [x] acme/api",
    });
    const open = await w.octokit.rest.issues.listForRepo({
      ...w.repo,
      labels: "dependencies",
      creator: "bumpwarden[bot]",
    });
    expect(open.data.map((i) => i.body)).toEqual(["- [x] acme/api"]);

    const human = w.sim.human.comment(w.full, issue.data.number, "/rebase", "alice");
    const first = await w.octokit.rest.reactions.createForIssueComment({
      ...w.repo,
      comment_id: human.id,
      content: "eyes",
    });
    const again = await w.octokit.rest.reactions.createForIssueComment({
      ...w.repo,
      comment_id: human.id,
      content: "eyes",
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    const comment = await w.octokit.rest.issues.getComment({ ...w.repo, comment_id: human.id });
    expect(comment.data.reactions).toMatchObject({ eyes: 1, total_count: 1 });
    expect(
      await status(
        w.octokit.rest.issues.createComment({
          ...w.repo,
          issue_number: issue.data.number,
          body: "x".repeat(65537),
        }),
      ),
    ).toBe(422);

    w.sim.human.setPermission(w.full, "alice", "maintain");
    w.sim.human.setPermission(w.full, "bob", "read");
    const perm = async (username: string) =>
      (await w.octokit.rest.repos.getCollaboratorPermissionLevel({ ...w.repo, username })).data;
    expect(await perm("alice")).toMatchObject({ permission: "write", role_name: "maintain" });
    expect(await perm("bob")).toMatchObject({ permission: "read" });
    expect(await perm("acme")).toMatchObject({ permission: "admin" });
  });
});

describe("search", () => {
  test("finds the app's open PRs by qualifiers, as the issue search API does", async () => {
    w = await world({ "a.txt": "a\n" });
    w.sim.human.push(w.full, "bumpwarden/dev/api", { "a.txt": "b\n" });
    w.sim.human.push(w.full, "feature", { "a.txt": "c\n" });
    const ours = await w.octokit.rest.pulls.create({
      ...w.repo,
      head: "bumpwarden/dev/api",
      base: "main",
      title: "chore(deps): bump api",
    });
    w.sim.human.openPullRequest(w.full, { head: "feature", title: "feat: human work" });
    await w.octokit.rest.issues.create({ ...w.repo, title: "Dependency dashboard" });
    const search = async (q: string) =>
      (await w.octokit.rest.search.issuesAndPullRequests({ q })).data.items.map((i) => i.number);
    expect(await search("repo:acme/gitops is:pr is:open author:app/bumpwarden")).toEqual([
      ours.data.number,
    ]);
    expect(await search("repo:acme/gitops is:pr -author:app/bumpwarden")).toEqual([2]);
    expect(await search(`repo:acme/gitops is:issue "dashboard"`)).toEqual([3]);
  });
});
