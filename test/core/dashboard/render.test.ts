import { describe, expect, it } from "vitest";
import {
  addIgnore,
  emptyState,
  formatState,
  newlyChecked,
  parseDashboard,
  renderDashboard,
} from "../../../src/core/dashboard/index.js";
import type {
  BumpPullSummary,
  DashboardState,
  DashboardView,
} from "../../../src/core/dashboard/index.js";

const API = "ghcr.io/acme/api";

function pull(
  number: number,
  env: string,
  tag: string,
  extra: Partial<BumpPullSummary> = {},
): BumpPullSummary {
  return {
    number,
    url: `https://github.com/acme/gitops/pull/${number}`,
    state: "OPEN",
    labels: [],
    autoMerge: false,
    marker: { v: 1, image: API, env, tag, digest: null, from: ["1.7.1"] },
    ...extra,
  };
}

function view(extra: Partial<DashboardView> = {}): DashboardView {
  return {
    environments: ["dev", "staging", "prod"],
    pulls: [],
    deployed: [
      { repository: API, environment: "dev", tags: ["1.7.1"] },
      { repository: API, environment: "staging", tags: ["1.7.1"] },
      { repository: API, environment: "prod", tags: ["1.7.0"] },
    ],
    configProblems: [],
    stateProblem: null,
    ...extra,
  };
}

function stateWithRule(): DashboardState {
  return addIgnore(emptyState(), {
    repository: API,
    environment: "staging",
    kind: "minor",
    tag: "1.9.0",
    by: "alice",
    pr: 7,
    at: "2026-11-23T12:00:00Z",
  }).state;
}

describe("the dashboard state block", () => {
  it("round-trips through the body, even with `--` in a tag", () => {
    let state = stateWithRule();
    state = addIgnore(state, {
      repository: API,
      environment: "dev",
      kind: "version",
      tag: "1.0--rc",
      by: "bob",
      pr: null,
      at: "x",
    }).state;
    const block = formatState(state);
    expect(block.slice(4, -3)).not.toContain("--");
    const parsed = parseDashboard(`# hi\n\n${block}`);
    expect(parsed).toMatchObject({ isDashboard: true, problem: null });
    expect(parsed.state).toEqual(state);
    expect(parsed.state.next).toBe(3);
  });

  it("reports an unreadable block instead of throwing, and a body without one is no dashboard", () => {
    expect(parseDashboard("<!-- bumpwarden:dashboard-state {nope -->")).toMatchObject({
      isDashboard: true,
      problem: "the state block is not valid JSON",
      state: emptyState(),
    });
    expect(
      parseDashboard('<!-- bumpwarden:dashboard-state {"v":1,"next":1,"ignores":[{"id":0}]} -->')
        .problem,
    ).toBe("the state block is invalid at ignores.0.id");
    expect(parseDashboard("just an issue").isDashboard).toBe(false);
    expect(parseDashboard(null).isDashboard).toBe(false);
  });

  it("keeps ids unique when a person edited `next` down", () => {
    const state = stateWithRule();
    const body = formatState({ ...state, next: 1 });
    expect(parseDashboard(body).state.next).toBe(2);
  });
});

describe("renderDashboard", () => {
  const pulls = [
    pull(3, "dev", "1.8.0", { autoMerge: true }),
    pull(4, "staging", "1.8.0", { labels: ["bumpwarden:hold"] }),
    pull(2, "staging", "1.7.5", { state: "CLOSED" }),
    pull(5, "prod", "1.6.0", { state: "CLOSED" }),
    pull(6, "dev", "1.7.9", { state: "CLOSED", labels: ["bumpwarden:retry"] }),
  ];

  it("lists pending bumps, promotion, held PRs and ignored or declined versions with checkboxes", () => {
    const body = renderDashboard(stateWithRule(), view({ pulls }));
    expect(body).toContain("- #3 `acme/api` → `1.8.0` in **dev** (auto-merge on)");
    expect(body).toContain("- #4 `acme/api` → `1.8.0` in **staging** (on hold)");
    expect(body).toContain("| Image | dev | staging | prod |");
    expect(body).toContain(
      "| `acme/api` | `1.7.1` → `1.8.0` #3 | `1.7.1` → `1.8.0` #4 (held) | `1.7.0` |",
    );
    expect(body).toContain(
      "- [ ] <!-- bw:unhold:4 --> Release #4: `acme/api` → `1.8.0` in staging",
    );
    expect(body).toContain(
      "- [ ] <!-- bw:unignore:1 --> Unignore `acme/api` `1.9.x` (minor line) in staging — by @alice in #7",
    );
    // #2 was superseded by the open #4; #5 proposes a tag older than prod runs; #6 was retried.
    expect(body).not.toContain("bw:retry:2");
    expect(body).not.toContain("bw:retry:5");
    expect(body).not.toContain("bw:retry:6");
    expect(parseDashboard(body).boxes.map((b) => b.action)).toEqual([
      { kind: "unhold", pr: 4 },
      { kind: "unignore", rule: 1 },
    ]);
  });

  it("offers a retry for a version declined by closing its PR", () => {
    const body = renderDashboard(
      emptyState(),
      view({ pulls: [pull(8, "staging", "1.8.0", { state: "CLOSED" })] }),
    );
    expect(body).toContain(
      "- [ ] <!-- bw:retry:8 --> Retry `acme/api` `1.8.0` in staging — declined in #8 (closed without merging)",
    );
    expect(body).toContain("Nothing pending.");
  });

  it("shows configuration problems first", () => {
    const body = renderDashboard(
      emptyState(),
      view({ configProblems: ["environments.prod.requires: unknown environment"] }),
    );
    expect(body.indexOf("Configuration problems")).toBeLessThan(body.indexOf("Pending bumps"));
    expect(body).toContain("- environments.prod.requires: unknown environment");
  });

  it("is deterministic, and stays under GitHub's body limit with the state intact", () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      pull(i + 10, "dev", `1.${i}.0`, {
        marker: {
          v: 1,
          image: `ghcr.io/acme/svc-${i}-${"x".repeat(40)}`,
          env: "dev",
          tag: `1.${i}.0`,
          digest: null,
          from: [],
        },
      }),
    );
    const state = stateWithRule();
    const body = renderDashboard(state, view({ pulls: many }));
    expect(body).toBe(renderDashboard(state, view({ pulls: many })));
    expect(body.length).toBeLessThanOrEqual(65_000);
    expect(parseDashboard(body).state).toEqual(state);
  });
});

describe("checkbox edits", () => {
  const body = renderDashboard(
    stateWithRule(),
    view({
      pulls: [
        pull(4, "staging", "1.8.0", { labels: ["bumpwarden:hold"] }),
        pull(8, "dev", "1.9.0", { state: "CLOSED" }),
      ],
    }),
  );
  const check = (text: string, marker: string) =>
    text
      .split("\n")
      .map((l) => (l.includes(marker) ? l.replace("- [ ]", "- [x]") : l))
      .join("\n");

  it("finds the boxes a person checked, once", () => {
    const edited = check(check(body, "bw:unignore:1"), "bw:retry:8");
    expect(newlyChecked(body, edited)).toEqual([
      { kind: "unignore", rule: 1 },
      { kind: "retry", pr: 8 },
    ]);
    expect(newlyChecked(edited, edited)).toEqual([]);
    expect(newlyChecked(edited, body)).toEqual([]);
  });

  it("reads `[X]` and `*` bullets as GitHub does, and ignores boxes inside other text", () => {
    const edited = body.replace("- [ ] <!-- bw:unhold:4 -->", "* [X] <!-- bw:unhold:4 -->");
    expect(newlyChecked(body, edited)).toEqual([{ kind: "unhold", pr: 4 }]);
    expect(newlyChecked("", "text - [x] <!-- bw:unhold:4 -->")).toEqual([]);
  });
});
