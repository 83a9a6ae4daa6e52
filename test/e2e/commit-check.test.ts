import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { controlsWorld, WRITER } from "./controls-world.js";
import type { ControlsWorld } from "./controls-world.js";

let w: ControlsWorld;

beforeEach(async () => {
  w = await controlsWorld();
});
afterEach(async () => {
  await w.close();
});

const NAME = "bumpwarden/conventional-commits";
const runsOf = (sha: string) =>
  [...w.sim.human.repo(w.full).checkRuns.values()].filter(
    (r) => r.name === NAME && r.headSha === sha,
  );
const headSha = (branch: string) => w.sim.human.repo(w.full).refs.get(`refs/heads/${branch}`) ?? "";

describe("bumpwarden/conventional-commits on the simulator", () => {
  it("passes the app's own bump PR: its title and its commit", async () => {
    const outcome = await w.push("1.8.0");
    for (const o of outcome.outcomes.filter((x) => x.kind === "open")) {
      const number = o.pullRequest?.number ?? 0;
      await w.pullRequestEvent("opened", number);
      const branch = `bumpwarden/${o.environment}/ghcr.io-acme-api`;
      const [run] = runsOf(headSha(branch));
      expect(run).toMatchObject({ status: "completed", conclusion: "success" });
      expect(run?.output.title).toBe("Commit messages follow Conventional Commits");
      expect(run?.output.summary).toContain(
        `squash merge uses its message (the repository squashes to "commit or pull request title"): \`chore(deps): bump acme/api to 1.8.0 in ${o.environment} (#${number})\``,
      );
    }
  });

  it("fails a person's PR with each problem, how to fix it and a suggested title; a title edit updates the run", async () => {
    w.sim.human.push(
      w.full,
      "bump-foo",
      { "foo.txt": "2\n" },
      { author: WRITER, message: "Bump foo" },
    );
    w.sim.human.push(
      w.full,
      "bump-foo",
      { "README.md": "foo 2\n" },
      { author: WRITER, message: "Update README" },
    );
    const number = w.sim.human.openPullRequest(w.full, {
      head: "bump-foo",
      title: "Bump foo",
      author: WRITER,
    });
    await w.pullRequestEvent("opened", number);
    const [run] = runsOf(headSha("bump-foo"));
    expect(run).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(run?.output.title).toBe("3 messages break Conventional Commits");
    const summary = run?.output.summary ?? "";
    expect(summary).toContain("A squash merge uses the pull request title: `Bump foo (#");
    expect(summary).toContain("**Suggested title:** `chore(deps): bump foo`");
    expect(summary).toContain("**How to fix:** edit the pull request title");
    expect(summary).toContain("**Suggested message header:** `docs: update README`");
    expect(summary).toContain("git commit --amend && git push --force-with-lease");

    // The author fixes the title; GitHub sends `edited` with the old title in `changes`.
    const issue = w.sim.human.repo(w.full).issues.get(number);
    if (issue) issue.title = "chore(deps): bump foo";
    await w.pullRequestEvent("edited", number, { changes: { title: { from: "Bump foo" } } });
    const after = runsOf(headSha("bump-foo"));
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(run?.id);
    expect(after[0]?.output.summary).not.toContain("Suggested title");
    expect(after[0]?.output.summary).toContain(
      "**Suggested message header:** `docs: update README`",
    );

    // A body edit is not a reason to check again.
    w.sim.counts.reset();
    await w.pullRequestEvent("edited", number, { changes: { body: { from: "" } } });
    expect(Object.keys(w.sim.counts.snapshot()).filter((k) => k.includes("check-runs"))).toEqual(
      [],
    );
  });

  it("checks the first 100 commits of a long PR and says so", async () => {
    for (let i = 0; i < 102; i++)
      w.sim.human.push(
        w.full,
        "long",
        { "n.txt": `${i}\n` },
        { author: WRITER, message: `chore: step ${i}` },
      );
    const number = w.sim.human.openPullRequest(w.full, {
      head: "long",
      title: "chore: many steps",
      author: WRITER,
    });
    await w.pullRequestEvent("opened", number);
    const [run] = runsOf(headSha("long"));
    expect(run?.conclusion).toBe("success");
    expect(run?.output.summary).toContain(
      "> This pull request has 102 commits; the first 100 were checked.",
    );
  });

  it("creates no run when commits.conventional is false", async () => {
    await w.close();
    const files = (await import("./gitops-world.js")).exampleRepoFiles();
    files[".github/bumpwarden.yml"] += "commits:\n  conventional: false\n";
    w = await controlsWorld(files);
    w.sim.human.push(w.full, "x", { "x.txt": "x\n" }, { author: WRITER, message: "whatever" });
    const number = w.sim.human.openPullRequest(w.full, {
      head: "x",
      title: "whatever",
      author: WRITER,
    });
    await w.pullRequestEvent("opened", number);
    expect(runsOf(headSha("x"))).toEqual([]);
  });
});
