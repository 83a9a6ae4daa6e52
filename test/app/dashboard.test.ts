import { describe, expect, it } from "vitest";
import { syncDashboard } from "../../src/app/dashboard.js";
import { defaultConfig } from "../../src/core/config/load.js";
import { emptyState, formatState } from "../../src/core/dashboard/state.js";
import type { DashboardIssues, IssueText } from "../../src/ports/conversation.js";

const repo = { owner: "acme", name: "gitops" };

function issues(
  existing: IssueText[],
  created: number | null = 9,
): DashboardIssues & { writes: string[] } {
  const writes: string[] = [];
  return {
    writes,
    issuesWithLabel: async () => existing,
    createIssue: async (_repo, issue) => {
      writes.push(`create:${issue.title}`);
      return created;
    },
    updateIssueBody: async (_repo, number) => {
      writes.push(`update:${number}`);
    },
    pullRequestsByBranchPrefix: async () => [],
  };
}

const deps = (i: DashboardIssues) => ({
  issues: i,
  config: async () => ({ config: defaultConfig(), problems: [] }),
  installationId: 1,
});

describe("syncDashboard", () => {
  it("says so when the repository has issues turned off", async () => {
    const i = issues([], null);
    expect(await syncDashboard(repo, deps(i))).toEqual({ kind: "no-issues" });
    expect(i.writes).toEqual(["create:bumpwarden dashboard"]);
  });

  it("keeps using a dashboard someone closed, without reopening it, and ignores look-alikes", async () => {
    const state = { ...emptyState(), next: 4 };
    const i = issues([
      { number: 2, body: "labelled by hand, no state block", open: true },
      { number: 5, body: `old\n\n${formatState(state)}`, open: false },
    ]);
    const synced = await syncDashboard(repo, deps(i));
    expect(synced).toMatchObject({ kind: "synced", number: 5, created: false, written: true });
    expect(synced.kind === "synced" && synced.state.next).toBe(4);
    expect(i.writes).toEqual(["update:5"]);
  });
});

describe("configuration problems on the dashboard", () => {
  it("lists commits.rules that bumpwarden's own titles would fail", async () => {
    const i = issues([]);
    const config = defaultConfig();
    config.commits.rules = { "subject-case": [2, "always", "upper-case"] };
    let body = "";
    await syncDashboard(repo, {
      ...deps(i),
      issues: { ...i, createIssue: async (_r, issue) => ((body = issue.body), 3) },
      config: async () => ({ config, problems: [] }),
    });
    expect(body).toContain("## ⚠️ Configuration problems");
    expect(body).toContain(
      'bumpwarden\'s own title "chore(deps): bump acme/api to 1.8.0 in staging" would fail subject-case',
    );
  });
});
