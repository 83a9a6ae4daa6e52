import { describe, expect, it } from "vitest";
import {
  GITHUB_DEFAULT_MERGE_SETTINGS,
  appendToHeader,
  mergeSettingsFromRepository,
  planLandings,
} from "../../../src/core/commits/index.js";
import type { MergeSettings, PullRequestCommit } from "../../../src/core/commits/index.js";
import { webhookExample } from "../../harness/webhooks.js";

const commit = (sha: string, message: string, parents = 1): PullRequestCommit => ({
  sha,
  message,
  parents,
});
const settings = (s: Partial<MergeSettings>): MergeSettings => ({
  allowMergeCommit: false,
  allowSquashMerge: false,
  allowRebaseMerge: false,
  squashMergeCommitTitle: "COMMIT_OR_PR_TITLE",
  mergeCommitTitle: "MERGE_MESSAGE",
  ...s,
});
const pr = (commits: PullRequestCommit[]) => ({
  number: 7,
  title: "feat: add x",
  baseRef: "main",
  commits,
});

const summary = (plan: ReturnType<typeof planLandings>) =>
  plan.landings.map((l) => [
    l.source.kind === "title" ? "title" : l.source.sha,
    l.landing,
    l.ways.join("+"),
    l.squashMessage,
  ]);

describe("planLandings: which message lands, as GitHub composes it", () => {
  it("squash with PR_TITLE: the title plus (#N), whatever the commits", () => {
    const plan = planLandings(
      pr([commit("a", "wip")]),
      settings({ allowSquashMerge: true, squashMergeCommitTitle: "PR_TITLE" }),
      {
        checkCommits: true,
      },
    );
    expect(plan.squash).toEqual({ from: "title" });
    expect(summary(plan)).toEqual([
      ["title", "feat: add x (#7)", "squash", true],
      ["a", "wip", "", false],
    ]);
  });

  it("squash with COMMIT_OR_PR_TITLE and one commit: that commit's message, header suffixed, body kept", () => {
    const plan = planLandings(
      pr([commit("a", "fix: crash\r\n\r\nbody")]),
      settings({ allowSquashMerge: true }),
      { checkCommits: false },
    );
    expect(plan.squash).toEqual({ from: "commit", sha: "a" });
    expect(summary(plan)).toEqual([
      ["a", "fix: crash (#7)\r\n\r\nbody", "squash", true],
      ["title", "feat: add x", "", false],
    ]);
  });

  it("merge commits in the PR do not count for the single-commit rule", () => {
    const plan = planLandings(
      pr([commit("a", "fix: crash"), commit("m", "Merge branch 'main' into fix", 2)]),
      settings({ allowSquashMerge: true }),
      { checkCommits: true },
    );
    expect(plan.squash).toEqual({ from: "commit", sha: "a" });
  });

  it("squash with COMMIT_OR_PR_TITLE and several commits: the title", () => {
    const plan = planLandings(
      pr([commit("a", "one"), commit("b", "two")]),
      settings({ allowSquashMerge: true }),
      {
        checkCommits: true,
      },
    );
    expect(plan.squash).toEqual({ from: "title" });
    expect(summary(plan)[0]).toEqual(["title", "feat: add x (#7)", "squash", true]);
  });

  it("merge commits keep every commit; PR_TITLE makes the title land too", () => {
    const plan = planLandings(
      pr([commit("a", "one"), commit("b", "two")]),
      settings({ allowMergeCommit: true, mergeCommitTitle: "PR_TITLE" }),
      { checkCommits: false },
    );
    expect(plan.squash).toBeNull();
    expect(summary(plan)).toEqual([["title", "feat: add x (#7)", "merge-commit", false]]);
    const all = planLandings(pr([commit("a", "one")]), settings({ allowMergeCommit: true }), {
      checkCommits: true,
    });
    expect(summary(all)).toEqual([
      ["title", "feat: add x", "", false],
      ["a", "one", "merge", false],
    ]);
  });

  it("rebase merges replay every commit", () => {
    const plan = planLandings(
      pr([commit("a", "one"), commit("b", "two")]),
      settings({ allowRebaseMerge: true }),
      {
        checkCommits: true,
      },
    );
    expect(summary(plan).map((r) => r[2])).toEqual(["", "rebase", "rebase"]);
    const last = plan.landings[2]?.source;
    expect(last).toEqual({ kind: "commit", sha: "b", index: 1, isLast: true });
  });

  it("GitHub's defaults allow everything", () => {
    const plan = planLandings(pr([commit("a", "one")]), GITHUB_DEFAULT_MERGE_SETTINGS, {
      checkCommits: true,
    });
    expect(summary(plan)).toEqual([
      ["a", "one (#7)", "squash+merge+rebase", true],
      ["title", "feat: add x", "", false],
    ]);
  });
});

describe("mergeSettingsFromRepository", () => {
  it("reads the REST fields and falls back to GitHub's defaults for missing ones", () => {
    expect(
      mergeSettingsFromRepository({
        allow_merge_commit: false,
        allow_squash_merge: true,
        allow_rebase_merge: false,
        squash_merge_commit_title: "PR_TITLE",
        merge_commit_title: "PR_TITLE",
      }),
    ).toEqual({
      allowMergeCommit: false,
      allowSquashMerge: true,
      allowRebaseMerge: false,
      squashMergeCommitTitle: "PR_TITLE",
      mergeCommitTitle: "PR_TITLE",
    });
    expect(
      mergeSettingsFromRepository({ use_squash_pr_title_as_default: true }).squashMergeCommitTitle,
    ).toBe("PR_TITLE");
    expect(mergeSettingsFromRepository("nonsense")).toEqual(GITHUB_DEFAULT_MERGE_SETTINGS);
  });

  it("works on the repository object of a real webhook payload (which omits the merge fields)", () => {
    const payload = webhookExample("pull_request", "opened");
    expect(mergeSettingsFromRepository(payload.repository)).toEqual(GITHUB_DEFAULT_MERGE_SETTINGS);
  });
});

describe("appendToHeader", () => {
  it.each([
    ["feat: x", "feat: x (#1)"],
    ["feat: x\n\nbody", "feat: x (#1)\n\nbody"],
    ["feat: x\r\n\r\nbody", "feat: x (#1)\r\n\r\nbody"],
  ])("%j", (message, expected) => {
    expect(appendToHeader(message, " (#1)")).toBe(expected);
  });
});
