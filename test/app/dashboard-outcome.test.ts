import { describe, expect, it } from "vitest";
import { MemoryImageIndex } from "../../src/adapters/index-store/memory.js";
import type { BumpOutcome } from "../../src/app/bump-repo.js";
import { recordBumpOutcome } from "../../src/app/dashboard-outcome.js";
import { defaultConfig } from "../../src/core/config/load.js";
import { formatMarker } from "../../src/core/pr/marker.js";
import type {
  DashboardIssues,
  IssueText,
  PullRequestListing,
} from "../../src/ports/conversation.js";

const repo = { owner: "acme", name: "gitops" };
const API = "ghcr.io/acme/api";
const clock = { now: () => new Date("2026-11-23T12:00:00Z") };

/** A DashboardIssues that counts every call, as GitHub requests. */
function issues(existing: IssueText[] = [], pulls: PullRequestListing[] = []) {
  const calls: string[] = [];
  const fake: DashboardIssues = {
    issuesWithLabel: async () => (calls.push("list"), existing),
    createIssue: async () => (calls.push("create"), 7),
    updateIssueBody: async () => void calls.push("update"),
    pullRequestsByBranchPrefix: async () => (calls.push("pulls"), pulls),
  };
  return { fake, calls };
}

async function deps(fake: DashboardIssues, configText: string | null = null) {
  const index = new MemoryImageIndex();
  await index.putRepo({
    installationId: 1,
    repo: "acme/gitops",
    defaultBranch: "main",
    headOid: "a".repeat(40),
    config: configText,
    files: {},
  });
  return {
    deps: {
      issues: fake,
      config: async () => ({ config: defaultConfig(), problems: [] }),
      index,
      installationId: 1,
      clock,
    },
  };
}

const outcome = (outcomes: BumpOutcome["outcomes"], tag = "1.8.0"): BumpOutcome => ({
  repo: "acme/gitops",
  image: API,
  tag,
  outcomes,
  attempts: 1,
});

describe("recordBumpOutcome: GitHub requests only when the dashboard changes", () => {
  it("asks nothing when no result says anything (held PRs), or the config disables the dashboard", async () => {
    const { fake, calls } = issues();
    const held = outcome([
      { environment: "prod", kind: "skip", state: "held", why: "#4 is on hold" },
    ]);
    expect(await recordBumpOutcome(repo, held, (await deps(fake)).deps)).toEqual({
      kind: "nothing",
    });
    const gated = outcome([
      {
        environment: "prod",
        kind: "skip",
        state: "gated",
        why: "licenses: GPL-3.0-only is denied",
      },
    ]);
    const off = await deps(fake, "dashboard:\n  enabled: false\n");
    expect(await recordBumpOutcome(repo, gated, off.deps)).toEqual({ kind: "disabled" });
    expect(calls).toEqual([]);
  });

  it("reads once and writes nothing when there is no entry to clear", async () => {
    const { fake, calls } = issues();
    const opened = outcome([
      { environment: "prod", kind: "open", pullRequest: { number: 3, url: "u" } },
    ]);
    expect(await recordBumpOutcome(repo, opened, (await deps(fake)).deps)).toEqual({
      kind: "unchanged",
    });
    expect(calls).toEqual(["list"]);
  });

  it("creates the dashboard for a blocked version, and not for one an open PR already passes", async () => {
    const gated = outcome([
      {
        environment: "prod",
        kind: "skip",
        state: "gated",
        why: "vulnerabilities: 1 critical (max 0)",
      },
    ]);
    const created = issues();
    const d = await deps(created.fake);
    expect(await recordBumpOutcome(repo, gated, d.deps)).toEqual({
      kind: "synced",
      number: 7,
      written: true,
      created: true,
    });
    expect(created.calls).toEqual(["list", "list", "pulls", "create"]);

    // A policy skip looks like news from the index alone; the PR listing shows #9 proposes 1.9.0.
    const pr: PullRequestListing = {
      number: 9,
      url: "u",
      state: "OPEN",
      labels: [],
      autoMerge: false,
      body: formatMarker({ image: API, env: "prod", tag: "1.9.0", digest: null, from: [] }),
      headRef: "bumpwarden/prod/ghcr.io-acme-api",
    };
    const late = issues([], [pr]);
    const policy = outcome([
      {
        environment: "prod",
        kind: "skip",
        state: "policy",
        why: "#9 already proposes 1.9.0, newer than 1.8.0",
      },
    ]);
    expect(await recordBumpOutcome(repo, policy, (await deps(late.fake)).deps)).toEqual({
      kind: "not-created",
    });
    expect(late.calls).toEqual(["list", "list", "pulls"]);
  });
});
