import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDashboard } from "../../src/core/dashboard/state.js";
import { parseMarker } from "../../src/core/pr/marker.js";
import { controlsWorld } from "./controls-world.js";
import type { ControlsWorld } from "./controls-world.js";

let w: ControlsWorld;

beforeEach(async () => {
  w = await controlsWorld();
  await w.push("1.8.0");
});
afterEach(async () => {
  await w.close();
});

const pullRecord = (number: number) => w.sim.human.repo(w.full).pulls.get(number);
const kindIn = (outcome: Awaited<ReturnType<ControlsWorld["push"]>>, env: string) =>
  outcome.outcomes.find((o) => o.environment === env);

/** CI reports a check that is still running, so GitHub has something to wait for before merging. */
function ciRunning(number: number) {
  const branch = pullRecord(number)?.head;
  if (!branch) throw new Error(`no PR #${number}`);
  w.sim.human.setCheckRun(w.full, branch, { name: "ci", status: "in_progress" });
}

describe("/hold, /unhold and /merge", () => {
  it("holds a PR: label on, auto-merge off, no update for a newer tag; /unhold restores auto-merge", async () => {
    const dev = w.pullNumber("dev");
    ciRunning(dev);
    const merge = await w.comment(dev, "/merge");
    expect(w.reactionsOn(merge)).toEqual(["eyes", "+1"]);
    expect(pullRecord(dev)?.autoMerge?.method).toBe("SQUASH");

    const hold = await w.comment(dev, "/hold");
    expect(w.reactionsOn(hold)).toEqual(["eyes", "+1"]);
    expect(w.openPull("dev").labels).toContain("bumpwarden:hold");
    expect(pullRecord(dev)?.autoMerge).toBeNull();

    const newer = await w.push("1.8.1");
    expect(kindIn(newer, "dev")).toMatchObject({
      kind: "skip",
      why: `#${dev} is on hold (/unhold to resume)`,
    });
    expect(parseMarker(w.openPull("dev").body)?.tag).toBe("1.8.0");
    expect(kindIn(newer, "staging")?.kind).toBe("update");

    const blocked = await w.comment(dev, "/merge");
    expect(w.reactionsOn(blocked)).toEqual(["eyes", "confused"]);
    expect(w.botComments(dev).at(-1)).toBe("This pull request is on hold; `/unhold` it first.");

    const unhold = await w.comment(dev, "/unhold");
    expect(w.reactionsOn(unhold)).toEqual(["eyes", "+1"]);
    expect(w.openPull("dev").labels).not.toContain("bumpwarden:hold");
    // dev has `automerge: true` in the example config.
    expect(pullRecord(dev)?.autoMerge?.method).toBe("SQUASH");
  });

  it("says why GitHub would not enable auto-merge when nothing is pending", async () => {
    const staging = w.pullNumber("staging");
    const id = await w.comment(staging, "/merge");
    expect(w.reactionsOn(id)).toEqual(["eyes", "confused"]);
    expect(w.botComments(staging)).toEqual([
      "GitHub did not turn on auto-merge: no required check is pending on this pull request, so there is nothing to wait for. It can be merged now.",
    ]);
  });

  it("refuses /merge where the configuration turns auto-merge off", async () => {
    await w.close();
    const files = (await import("./gitops-world.js")).exampleRepoFiles();
    files[".github/bumpwarden.yml"] = files[".github/bumpwarden.yml"]?.replace(
      "automerge: { dev: true }",
      "automerge: { dev: true, staging: false }",
    ) as string;
    w = await controlsWorld(files);
    await w.push("1.8.0");
    const staging = w.pullNumber("staging");
    ciRunning(staging);
    await w.comment(staging, "/merge");
    expect(w.botComments(staging)).toEqual([
      "Auto-merge is turned off for staging (`pullRequests.automerge.staging: false` in `.github/bumpwarden.yml`).",
    ]);
    expect(pullRecord(staging)?.autoMerge).toBeNull();
  });
});

describe("/ignore and /unignore", () => {
  it("/ignore this version closes the PR; the same tag is not proposed again until /unignore", async () => {
    const staging = w.pullNumber("staging");
    const id = await w.comment(staging, "/ignore this version");
    expect(w.reactionsOn(id)).toEqual(["eyes", "+1"]);
    expect(w.sim.human.repo(w.full).issues.get(staging)?.state).toBe("closed");
    expect(w.botComments(staging)).toEqual([
      "OK @maintainer-mia, I will not propose `acme/api` `1.8.0` in staging again. Comment `/unignore` here to undo.",
    ]);
    expect(kindIn(await w.push("1.8.0"), "staging")).toMatchObject({ kind: "skip" });
    const dashboard = w.dashboard();
    expect(dashboard?.body).toContain(
      `<!-- bw:retry:${staging} --> Retry \`acme/api\` \`1.8.0\` in staging`,
    );

    const undo = await w.comment(staging, "/unignore");
    expect(w.reactionsOn(undo)).toEqual(["eyes", "+1"]);
    const again = w.openPull("staging");
    expect(parseMarker(again.body)?.tag).toBe("1.8.0");
    expect(w.botComments(staging).at(-1)).toBe(
      `Proposing again:\n- \`acme/api\` \`1.8.0\` in staging (declined in #${staging}): #${again.number}`,
    );
    expect(w.dashboard()?.body).not.toContain(`bw:retry:${staging}`);
  });

  it("/ignore this minor keeps a rule in the dashboard, skips the line, and /unignore lifts it", async () => {
    const staging = w.pullNumber("staging");
    await w.comment(staging, "/ignore this minor");
    expect(w.sim.human.repo(w.full).issues.get(staging)?.state).toBe("closed");
    const dashboard = w.dashboard();
    if (!dashboard) throw new Error("no dashboard");
    expect(dashboard.labels).toEqual(["bumpwarden:dashboard"]);
    expect(parseDashboard(dashboard.body).state.ignores).toMatchObject([
      {
        id: 1,
        repository: "ghcr.io/acme/api",
        environment: "staging",
        kind: "minor",
        tag: "1.8.0",
        by: "maintainer-mia",
        pr: staging,
      },
    ]);
    expect(w.botComments(staging).at(-1)).toBe(
      `OK @maintainer-mia, I will not propose \`acme/api\` \`1.8.x\` (minor line) in staging any more. Comment \`/unignore\` here or check its box in #${dashboard.number} to undo.`,
    );

    const newer = await w.push("1.8.1");
    expect(kindIn(newer, "staging")).toMatchObject({ kind: "skip" });
    expect(kindIn(newer, "staging")?.why).toMatch(
      /^`acme\/api` `1\.8\.x` \(minor line\) in staging is ignored/,
    );
    expect(kindIn(newer, "dev")?.kind).toBe("update");
    expect(kindIn(await w.push("1.9.0"), "staging")?.kind).toBe("open");

    await w.comment(staging, "/unignore");
    expect(parseDashboard(w.dashboard()?.body).state.ignores).toEqual([]);
  });

  it("/ignore this image stops every tag of the image in that environment only; /unignore lifts it", async () => {
    const staging = w.pullNumber("staging");
    const id = await w.comment(staging, "/ignore this image");
    expect(w.reactionsOn(id)).toEqual(["eyes", "+1"]);
    expect(w.sim.human.repo(w.full).issues.get(staging)?.state).toBe("closed");
    expect(parseDashboard(w.dashboard()?.body).state.ignores).toMatchObject([
      { repository: "ghcr.io/acme/api", environment: "staging", kind: "image", tag: null },
    ]);
    expect(w.botComments(staging).at(-1)).toMatch(
      /^OK @maintainer-mia, I will not propose every tag of `acme\/api` in staging any more\./,
    );
    for (const tag of ["1.8.1", "1.9.0"]) {
      const outcome = await w.push(tag);
      expect(kindIn(outcome, "staging")?.kind, tag).toBe("skip");
      expect(kindIn(outcome, "dev")?.kind, tag).not.toBe("skip");
    }
    await w.comment(staging, "/unignore");
    expect(parseDashboard(w.dashboard()?.body).state.ignores).toEqual([]);
    // /unignore proposed the closed PR's 1.8.0 again; the newer tag updates that PR.
    expect(kindIn(await w.push("1.9.1"), "staging")?.kind).toBe("update");
  });

  it("/ignore this patch skips its line and still proposes the next patch", async () => {
    const staging = w.pullNumber("staging");
    await w.comment(staging, "/ignore this patch");
    expect(parseDashboard(w.dashboard()?.body).state.ignores).toMatchObject([
      { environment: "staging", kind: "patch", tag: "1.8.0" },
    ]);
    expect(w.botComments(staging).at(-1)).toContain("`1.8.0` (patch line) in staging");
    expect(kindIn(await w.push("1.8.0"), "staging")?.kind).toBe("skip");
    expect(kindIn(await w.push("1.8.1"), "staging")?.kind).toBe("open");
  });

  it("refuses /ignore this major on a bump within the major line staging already runs", async () => {
    const staging = w.pullNumber("staging");
    const id = await w.comment(staging, "/ignore this major");
    expect(w.reactionsOn(id)).toEqual(["eyes", "confused"]);
    expect(w.botComments(staging)).toEqual([
      "I cannot ignore the major line: this environment already runs `1.7.1`, on the `1.x` major line, and a line you run is never ignored for you. `/ignore this minor`, `/ignore this patch`, `/ignore this version` or `/ignore this image` work here.",
    ]);
    expect(w.openPull("staging").number).toBe(staging);
    expect(w.dashboard()?.body ?? "").not.toContain("major line");
  });

  it("needs the dashboard for line rules, and still declines a version without it", async () => {
    await w.close();
    const files = (await import("./gitops-world.js")).exampleRepoFiles();
    files[".github/bumpwarden.yml"] += "dashboard:\n  enabled: false\n";
    w = await controlsWorld(files);
    await w.push("1.8.0");
    const staging = w.pullNumber("staging");
    const minor = await w.comment(staging, "/ignore this minor");
    expect(w.reactionsOn(minor)).toEqual(["eyes", "confused"]);
    expect(w.botComments(staging)).toEqual([
      "`/ignore` rules live in the dashboard issue, which `dashboard.enabled: false` turns off. `/ignore this version` still works: closing its pull request declines a version.",
    ]);
    expect(w.openPull("staging").number).toBe(staging);
    await w.comment(staging, "/ignore");
    expect(w.sim.human.repo(w.full).issues.get(staging)?.state).toBe("closed");
    expect(w.dashboard()).toBeUndefined();
  });

  it("explains why a line cannot be ignored on a tag without one", async () => {
    await w.close();
    const files = (await import("./gitops-world.js")).exampleRepoFiles();
    w = await controlsWorld(files);
    const outcome = await w.push("1.8.0");
    const staging =
      outcome.outcomes.find((o) => o.environment === "staging")?.pullRequest?.number ?? 0;
    // Make the PR's marker name a CI tag, as a bump of `sha-…` tags would.
    const issue = w.sim.human.repo(w.full).issues.get(staging);
    if (!issue?.body) throw new Error("no PR body");
    issue.body = issue.body.replace('"tag":"1.8.0"', '"tag":"sha-3f2a9c1"');
    await w.comment(staging, "/ignore this major");
    expect(w.botComments(staging)).toEqual([
      "I cannot ignore the major line: `sha-3f2a9c1` is not a version number, so it has no major line. `/ignore this version` or `/ignore this image` work here.",
    ]);
    expect(w.openPull("staging").number).toBe(staging);
  });
});

describe("/help, /recheck and /lint", () => {
  it("/help lists the commands of bumpwarden's PRs; /help promote explains one", async () => {
    const staging = w.pullNumber("staging");
    await w.comment(staging, "/help");
    await w.comment(staging, "/help promote");
    const [all, one] = w.botComments(staging);
    expect(all).toContain(
      "| `/promote <environment>` | Open the same bump for the next environment now. | people with write access |",
    );
    expect(one).toBe(
      "`/promote <environment>`\n\nOpen the same bump for the next environment now.\n\nWorks on pull requests bumpwarden opens; people with write access can run it.",
    );
  });

  it("/recheck reports the commit check on the PR head; /lint runs the review", async () => {
    const staging = w.pullNumber("staging");
    const head = pullRecord(staging)?.head ?? "";
    await w.comment(staging, "/recheck");
    const runs = [...w.sim.human.repo(w.full).checkRuns.values()];
    const commits = runs.find((r) => r.name === "bumpwarden/conventional-commits");
    expect(commits).toMatchObject({ status: "completed", conclusion: "success" });
    expect(w.sim.human.repo(w.full).refs.get(`refs/heads/${head}`)).toBe(commits?.headSha);
    const lint = await w.comment(staging, "/lint");
    expect(w.reactionsOn(lint)).toEqual(["eyes", "+1"]);
    expect([...w.sim.human.repo(w.full).checkRuns.values()].map((r) => r.name)).toContain(
      "bumpwarden/review",
    );
  });
});
