import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDashboard } from "../../src/core/dashboard/state.js";
import { parseMarker } from "../../src/core/pr/marker.js";
import { controlsWorld, READER, WRITER } from "./controls-world.js";
import type { ControlsWorld } from "./controls-world.js";

let w: ControlsWorld;

beforeEach(async () => {
  w = await controlsWorld();
});
afterEach(async () => {
  await w.close();
});

const check = (body: string, marker: string) =>
  body
    .split("\n")
    .map((l) => (l.includes(marker) ? l.replace("- [ ]", "- [x]") : l))
    .join("\n");
const kindIn = (outcome: Awaited<ReturnType<ControlsWorld["push"]>>, env: string) =>
  outcome.outcomes.find((o) => o.environment === env);

describe("the dashboard issue", () => {
  it("is created when a bump PR opens, with pending bumps and promotion per environment", async () => {
    const outcome = await w.push("1.8.0");
    const dev = kindIn(outcome, "dev")?.pullRequest?.number ?? 0;
    const staging = kindIn(outcome, "staging")?.pullRequest?.number ?? 0;
    await w.pullRequestEvent("opened", dev);
    await w.pullRequestEvent("opened", staging);
    const dashboards = [...w.sim.human.repo(w.full).issues.values()].filter((i) => !i.isPull);
    expect(dashboards).toHaveLength(1);
    const d = w.dashboard();
    expect(d?.labels).toEqual(["bumpwarden:dashboard"]);
    expect(d?.body).toContain(`- #${dev} \`acme/api\` → \`1.8.0\` in **dev**`);
    expect(d?.body).toContain(`- #${staging} \`acme/api\` → \`1.8.0\` in **staging**`);
    expect(d?.body).toContain(
      `| \`acme/api\` | \`1.7.2\` → \`1.8.0\` #${dev} | \`1.7.1\` → \`1.8.0\` #${staging} | \`1.7.0\` |`,
    );
    expect(d?.body).toContain("| `bitnami/redis` | — | — | `7.4.1` |");

    // Nothing changed: the body is not written again.
    w.sim.counts.reset();
    await w.pullRequestEvent("opened", dev);
    expect(
      w.sim.counts.snapshot()["PATCH /repos/{owner}/{repo}/issues/{issue_number}"],
    ).toBeUndefined();
  });

  it("is not created with dashboard.enabled: false", async () => {
    await w.close();
    const files = (await import("./gitops-world.js")).exampleRepoFiles();
    files[".github/bumpwarden.yml"] += "dashboard:\n  enabled: false\n";
    w = await controlsWorld(files);
    const outcome = await w.push("1.8.0");
    await w.pullRequestEvent("opened", kindIn(outcome, "dev")?.pullRequest?.number ?? 0);
    expect(w.dashboard()).toBeUndefined();
  });

  it("shows configuration problems after a push to the default branch breaks the config", async () => {
    await w.push("1.8.0");
    await w.pullRequestEvent("opened", w.pullNumber("dev"));
    const head = w.sim.human.push(
      w.full,
      "main",
      { ".github/bumpwarden.yml": "environments:\n  Prod: [x]\n" },
      { author: WRITER },
    );
    const { webhookExample } = await import("../harness/webhooks.js");
    const example = webhookExample("push");
    const repository = (
      await w.client.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "gitops" })
    ).data as Record<string, unknown>;
    await w.receive({
      id: "push-1",
      name: "push",
      payload: {
        ...example,
        ref: "refs/heads/main",
        after: head,
        repository: { ...repository, owner: { ...(repository.owner as object), name: "acme" } },
        commits: [
          {
            ...example.commits[0],
            id: head,
            added: [],
            removed: [],
            modified: [".github/bumpwarden.yml"],
          },
        ],
        installation: { id: w.installationId, node_id: "x" },
      },
    } as never);
    expect(w.dashboard()?.body).toContain("## ⚠️ Configuration problems");
    expect(w.dashboard()?.body).toContain("acme/gitops:.github/bumpwarden.yml");
  });

  it("unignores a rule when a writer checks its box, and proposes the line again", async () => {
    await w.push("1.8.0");
    const staging = w.pullNumber("staging");
    await w.comment(staging, "/ignore this minor");
    expect(kindIn(await w.push("1.8.1"), "staging")?.kind).toBe("skip");
    const d = w.dashboard();
    if (!d) throw new Error("no dashboard");
    expect(d.body).toContain(
      "- [ ] <!-- bw:unignore:1 --> Unignore `acme/api` `1.8.x` (minor line) in staging — by @maintainer-mia in #",
    );

    await w.editIssue(d.number, check(d.body, "bw:unignore:1"), WRITER);
    const after = w.dashboard()?.body ?? "";
    expect(parseDashboard(after).state.ignores).toEqual([]);
    expect(after).not.toContain("bw:unignore:1");
    expect(kindIn(await w.push("1.8.1"), "staging")?.kind).toBe("open");
    expect(parseMarker(w.openPull("staging").body)?.tag).toBe("1.8.1");
  });

  it("refuses a checkbox edit by someone without write access, once, and unchecks the box", async () => {
    await w.push("1.8.0");
    const staging = w.pullNumber("staging");
    await w.comment(staging, "/ignore this minor");
    const d = w.dashboard();
    if (!d) throw new Error("no dashboard");
    await w.editIssue(d.number, check(d.body, "bw:unignore:1"), READER);
    expect(w.botComments(d.number)).toEqual([
      `Thanks @${READER}! \`/unignore\` needs write access to this repository, so I left this pull request as it is. A maintainer can run it for you, or add you to \`commands.allow\` in \`.github/bumpwarden.yml\`.`,
    ]);
    const after = w.dashboard()?.body ?? "";
    expect(after).toContain("- [ ] <!-- bw:unignore:1 -->");
    expect(parseDashboard(after).state.ignores).toHaveLength(1);
  });

  it("retries a declined version and releases a held PR from their boxes", async () => {
    await w.push("1.8.0");
    const staging = w.pullNumber("staging");
    const dev = w.pullNumber("dev");
    w.sim.human.closePullRequest(w.full, staging);
    await w.pullRequestEvent("closed", staging);
    await w.comment(dev, "/hold");
    const d = w.dashboard();
    if (!d) throw new Error("no dashboard");
    expect(d.body).toContain(`- [ ] <!-- bw:retry:${staging} --> Retry`);
    expect(d.body).toContain(`- [ ] <!-- bw:unhold:${dev} --> Release #${dev}`);

    await w.editIssue(
      d.number,
      check(check(d.body, `bw:retry:${staging}`), `bw:unhold:${dev}`),
      WRITER,
    );
    const reopened = w.openPull("staging");
    expect(reopened.number).not.toBe(staging);
    expect(parseMarker(reopened.body)?.tag).toBe("1.8.0");
    expect(w.openPull("dev").labels).not.toContain("bumpwarden:hold");
    const after = w.dashboard()?.body ?? "";
    expect(after).not.toContain(`bw:retry:${staging}`);
    expect(after).not.toContain(`bw:unhold:${dev}`);
    expect(after).toContain(`- #${reopened.number} \`acme/api\` → \`1.8.0\` in **staging**`);
  });

  it("turns auto-merge off when a person puts the hold label on by hand", async () => {
    await w.push("1.8.0");
    const dev = w.pullNumber("dev");
    const repo = w.sim.human.repo(w.full);
    const branch = repo.pulls.get(dev)?.head ?? "";
    w.sim.human.setCheckRun(w.full, branch, { name: "ci", status: "in_progress" });
    await w.comment(dev, "/merge");
    expect(repo.pulls.get(dev)?.autoMerge).not.toBeNull();
    // A person adds the label in GitHub's UI.
    await w.client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
      owner: "acme",
      repo: "gitops",
      issue_number: dev,
      labels: ["bumpwarden:hold"],
    });
    await w.pullRequestEvent("labeled", dev, {
      label: {
        id: 1,
        node_id: "x",
        url: "x",
        name: "bumpwarden:hold",
        color: "ededed",
        default: false,
        description: null,
      },
      sender: { login: WRITER, id: 7, type: "User" },
    });
    expect(repo.pulls.get(dev)?.autoMerge).toBeNull();
    expect(w.dashboard()?.body).toContain(`<!-- bw:unhold:${dev} -->`);
  });

  it("ignores edits by bots and edits that check nothing new", async () => {
    await w.push("1.8.0");
    await w.comment(w.pullNumber("staging"), "/ignore this minor");
    const d = w.dashboard();
    if (!d) throw new Error("no dashboard");
    w.sim.counts.reset();
    await w.editIssue(d.number, `${d.body}\n\nA note from a person.`, WRITER);
    await w.editIssue(d.number, check(d.body, "bw:unignore:1"), "bumpwarden[bot]");
    // Only the test's own reads to build the payloads: the app asked GitHub nothing.
    expect(w.sim.counts.snapshot()).toEqual({
      "GET /repos/{owner}/{repo}": 2,
      "GET /repos/{owner}/{repo}/issues/{issue_number}": 2,
    });
  });
});
