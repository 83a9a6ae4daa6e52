import { describe, expect, it } from "vitest";
import {
  GITHUB_DEFAULT_MERGE_SETTINGS,
  checkPullRequest,
  commitPolicy,
  renderCommitCheck,
} from "../../../src/core/commits/index.js";
import type { MergeSettings, PullRequestCommit } from "../../../src/core/commits/index.js";
import { defaultConfig, parseConfig } from "../../../src/core/config/load.js";

const policy = commitPolicy(defaultConfig());
const sha = (c: string) => c.repeat(40);
const commit = (c: string, message: string, parents = 1): PullRequestCommit => ({
  sha: sha(c),
  message,
  parents,
});
const squashOnly: MergeSettings = {
  ...GITHUB_DEFAULT_MERGE_SETTINGS,
  allowMergeCommit: false,
  allowRebaseMerge: false,
  squashMergeCommitTitle: "PR_TITLE",
};
const golden = (name: string) => `../../fixtures/commit-messages/summaries/${name}.md`;

async function run(
  name: string,
  title: string,
  commits: PullRequestCommit[],
  settings: MergeSettings,
  p = policy,
) {
  const report = await checkPullRequest(
    { number: 1234, title, baseRef: "main", commits },
    settings,
    p,
  );
  const output = renderCommitCheck(report);
  await expect(`# ${output.title}\n\n${output.summary}\n`).toMatchFileSnapshot(golden(name));
  return report;
}

describe("checkPullRequest", () => {
  it("squash with the PR title: the title blocks, commits are advice", async () => {
    const report = await run(
      "squash-title",
      "Fix crash on start",
      [commit("a", "wip"), commit("b", "more wip")],
      squashOnly,
    );
    expect(report.conclusion).toBe("failure");
    const [title, ...commits] = report.messages;
    expect(title).toMatchObject({
      source: { kind: "title" },
      blocking: true,
      suggestion: "fix: crash on start",
      fix: { kind: "edit-title" },
    });
    expect(title?.landing).toBe("Fix crash on start (#1234)");
    expect(commits.map((c) => [c.blocking, c.problems.map((p) => p.rule)])).toEqual([
      [false, ["subject-empty", "type-empty"]],
      [false, ["subject-empty", "type-empty"]],
    ]);
  });

  it("squash of a single commit with COMMIT_OR_PR_TITLE: the commit's message lands and is checked first", async () => {
    const report = await run(
      "single-commit",
      "feat: add dark mode",
      [commit("a", "Add dark mode\n\nUsers asked for it.")],
      { ...squashOnly, squashMergeCommitTitle: "COMMIT_OR_PR_TITLE" },
    );
    expect(report.conclusion).toBe("failure");
    expect(report.squash).toEqual({ from: "commit", sha: sha("a") });
    const [first, second] = report.messages;
    expect(first).toMatchObject({
      source: { kind: "commit", isLast: true },
      squashMessage: true,
      blocking: true,
      landing: "Add dark mode (#1234)\n\nUsers asked for it.",
      suggestion: "feat: add dark mode",
      fix: { kind: "amend" },
    });
    expect(second).toMatchObject({ source: { kind: "title" }, blocking: false, problems: [] });
  });

  it("merge and rebase allowed: every commit lands; fixup! commits get an autosquash hint", async () => {
    const report = await run(
      "merge-and-rebase",
      "feat: add dark mode",
      [
        commit("a", "wip"),
        commit("b", "fixup! wip"),
        commit("c", `feat: add dark mode\n\n${"x".repeat(120)}`),
      ],
      { ...GITHUB_DEFAULT_MERGE_SETTINGS, mergeCommitTitle: "PR_TITLE" },
    );
    expect(report.conclusion).toBe("failure");
    const byRule = report.messages.map((m) => m.problems.map((p) => `${p.rule}:${p.severity}`));
    expect(byRule).toEqual([
      [],
      ["subject-empty:error", "type-empty:error"],
      ["autosquash:warning"],
      ["body-max-line-length:error"],
    ]);
    expect(report.messages.map((m) => m.fix?.kind ?? null)).toEqual([
      null,
      "reword",
      "autosquash",
      "amend",
    ]);
  });

  it("a title that only breaks the length limit once GitHub appends (#N)", async () => {
    const title = `feat: ${"a".repeat(92)}`;
    expect(title.length).toBe(98);
    const report = await run(
      "suffix-too-long",
      title,
      [commit("a", "feat: x"), commit("b", "fix: y")],
      squashOnly,
    );
    expect(report.conclusion).toBe("failure");
    expect(report.messages[0]?.problems).toEqual([
      {
        rule: "header-max-length",
        severity: "error",
        message:
          'header must not be longer than 100 characters, current length is 106 once GitHub appends "(#1234)"',
      },
    ]);
  });

  it("passes clean PRs, keeping warnings as notes", async () => {
    const report = await run(
      "clean",
      "feat(api)!: drop v1 endpoints",
      [
        commit("a", "feat(api)!: drop v1 endpoints\nBREAKING CHANGE: v1 is gone."),
        commit("m", "Merge branch 'main' into drop-v1", 2),
      ],
      GITHUB_DEFAULT_MERGE_SETTINGS,
    );
    expect(report.conclusion).toBe("success");
    expect(report.messages.flatMap((m) => m.problems.map((p) => p.rule))).toEqual([
      "footer-leading-blank",
    ]);
  });

  it("skips commits with checkCommits: false, unless one is the squash message", async () => {
    const parsed = parseConfig("commits: { checkCommits: false }");
    if (!parsed.ok) throw new Error("config");
    const p = commitPolicy(parsed.value);
    const two = await checkPullRequest(
      {
        number: 1,
        title: "feat: x",
        baseRef: "main",
        commits: [commit("a", "wip"), commit("b", "wip 2")],
      },
      GITHUB_DEFAULT_MERGE_SETTINGS,
      p,
    );
    expect(two.conclusion).toBe("success");
    expect(two.messages).toHaveLength(1);
    const one = await checkPullRequest(
      { number: 1, title: "feat: x", baseRef: "main", commits: [commit("a", "wip")] },
      GITHUB_DEFAULT_MERGE_SETTINGS,
      p,
    );
    expect(one.conclusion).toBe("failure");
    expect(one.messages[0]?.source.kind).toBe("commit");
  });

  it("is neutral when the check is off", async () => {
    const parsed = parseConfig("commits: { conventional: false }");
    if (!parsed.ok) throw new Error("config");
    const report = await checkPullRequest(
      { number: 1, title: "wip", baseRef: "main", commits: [] },
      squashOnly,
      commitPolicy(parsed.value),
    );
    expect(report.conclusion).toBe("neutral");
    expect(renderCommitCheck(report).title).toBe("Conventional Commits check is off");
  });

  it("keeps the summary under GitHub's 65,535-character limit for huge PRs", async () => {
    const commits = Array.from({ length: 250 }, (_, i) =>
      commit(String.fromCharCode(97 + (i % 26)), `wip ${i}\n\n${"y".repeat(400)}`),
    );
    const report = await checkPullRequest(
      { number: 1, title: "wip", baseRef: "main", commits },
      GITHUB_DEFAULT_MERGE_SETTINGS,
      policy,
    );
    const output = renderCommitCheck(report);
    expect(output.title).toBe("251 messages break Conventional Commits");
    expect(output.summary.length).toBeLessThan(65_535);
    expect(output.summary).toMatch(/more messages with problems/);
  });

  it("renders hostile messages safely: huge, full of backticks, fences and mentions", async () => {
    const commits = [
      commit("a", "`".repeat(100_000)),
      commit("b", `fix: x\n\n${"```\n".repeat(5_000)}${"@everyone ".repeat(5_000)}`),
      commit("c", `feat: ${"y".repeat(200_000)}`),
    ];
    const report = await checkPullRequest(
      { number: 1, title: "feat: x", baseRef: "main", commits },
      GITHUB_DEFAULT_MERGE_SETTINGS,
      policy,
    );
    expect(report.conclusion).toBe("failure");
    const output = renderCommitCheck(report);
    expect(output.summary.length).toBeLessThan(65_535);
    expect(output.summary).toMatch(/message-size/);
    expect(output.summary).toContain("````text");
  });
});
