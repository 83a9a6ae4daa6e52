import { describe, expect, it } from "vitest";
import {
  applyReport,
  emptyState,
  formatState,
  MAX_BLOCKED,
  newlyChecked,
  parseDashboard,
  renderDashboard,
  stillBlocked,
} from "../../../src/core/dashboard/index.js";
import type {
  BlockedBump,
  BumpPullSummary,
  BumpReport,
  DashboardState,
  DashboardView,
  EnvResult,
  ReportContext,
} from "../../../src/core/dashboard/index.js";

const API = "ghcr.io/acme/api";
const T0 = "2026-11-23T12:00:00.000Z";
const T1 = "2026-11-23T15:30:00.000Z";
const VULN = "vulnerabilities: 2 critical (max 0) (trivy v0.56.2)";

const deployed: ReportContext["deployed"] = [
  { repository: API, environment: "staging", tags: ["1.7.1"] },
  { repository: API, environment: "prod", tags: ["1.7.0"] },
];
const context: ReportContext = { deployed };

const report = (tag: string, results: EnvResult[], at = T0): BumpReport => ({
  repository: API,
  tag,
  at,
  results,
});
const gated = (environment: string, why = VULN): EnvResult => ({
  environment,
  kind: "skip",
  state: "gated",
  why,
});
const entry = (over: Partial<BlockedBump> = {}): BlockedBump => ({
  id: 1,
  repository: API,
  environment: "prod",
  tag: "1.8.0",
  state: "gated",
  why: VULN,
  since: T0,
  ...over,
});

function pull(number: number, env: string, tag: string, state: BumpPullSummary["state"]) {
  return {
    number,
    url: `https://github.com/acme/gitops/pull/${number}`,
    state,
    labels: [],
    autoMerge: false,
    marker: { v: 1 as const, image: API, env, tag, digest: null, from: [] },
  };
}

describe("applyReport: what one bump changes in the blocked list", () => {
  it("adds shown skips with the next id, the reason and the time", () => {
    const next = applyReport([], 4, report("1.8.0", [gated("prod"), gated("staging")]), context);
    expect(next.next).toBe(6);
    expect(next.blocked).toEqual([entry({ id: 4 }), entry({ id: 5, environment: "staging" })]);
  });

  it("returns the same list, untouched, when the bump says what it already says", () => {
    const blocked = [entry()];
    const again = applyReport(blocked, 2, report("1.8.0", [gated("prod")], T1), context);
    expect(again.blocked).toBe(blocked);
    expect(again.next).toBe(2);
  });

  it("keeps id and `since` while tag and state stay, and starts a new `since` otherwise", () => {
    const blocked = [entry()];
    const reason = applyReport(
      blocked,
      2,
      report("1.8.0", [gated("prod", "provenance: none")], T1),
      context,
    );
    expect(reason.blocked).toEqual([entry({ why: "provenance: none" })]);
    const newer = applyReport(blocked, 2, report("1.9.0", [gated("prod")], T1), context);
    expect(newer.blocked).toEqual([entry({ tag: "1.9.0", since: T1 })]);
    const unsigned: EnvResult = {
      environment: "prod",
      kind: "skip",
      state: "unverified",
      why: "signature not verified: no signature",
    };
    expect(applyReport(blocked, 2, report("1.8.0", [unsigned], T1), context).blocked).toEqual([
      entry({ state: "unverified", why: "signature not verified: no signature", since: T1 }),
    ]);
  });

  it.each<[string, EnvResult]>([
    ["a PR opened", { environment: "prod", kind: "open" }],
    ["a PR updated", { environment: "prod", kind: "update" }],
    [
      "a PR already proposes it",
      { environment: "prod", kind: "unchanged", why: "#4 already proposes 1.8.0" },
    ],
    ["an obsolete PR closed", { environment: "prod", kind: "close" }],
    [
      "the environment is up to date",
      { environment: "prod", kind: "skip", state: "up-to-date", why: "prod already uses 1.8.0" },
    ],
    [
      "the version was ignored",
      { environment: "prod", kind: "skip", state: "ignored", why: "ignored" },
    ],
    [
      "the image is no longer allowed there",
      { environment: "prod", kind: "skip", state: "not-allowed", why: "only dev" },
    ],
    [
      "it waits its turn in the promotion order",
      {
        environment: "prod",
        kind: "skip",
        state: "waiting",
        why: "waiting for 1.8.0 to reach staging",
      },
    ],
  ])("clears the entry when %s", (_name, result) => {
    expect(applyReport([entry()], 2, report("1.8.0", [result]), context).blocked).toEqual([]);
  });

  it("lets held PRs and unplannable bumps say nothing, and an older tag never touch a newer entry", () => {
    const blocked = [entry({ tag: "1.9.0" })];
    const held: EnvResult = {
      environment: "prod",
      kind: "skip",
      state: "held",
      why: "#4 is on hold",
    };
    const broken: EnvResult = { environment: "prod", kind: "skip", state: "unplannable", why: "x" };
    expect(applyReport(blocked, 2, report("1.9.0", [held, broken]), context).blocked).toBe(blocked);
    const older = report("1.8.0", [{ environment: "prod", kind: "open" }, gated("prod")]);
    expect(applyReport(blocked, 2, older, context).blocked).toBe(blocked);
    // Other environments and images are not touched either.
    const other = applyReport(
      blocked,
      2,
      report("2.0.0", [{ environment: "dev", kind: "open" }]),
      context,
    );
    expect(other.blocked).toBe(blocked);
  });

  it("shows a soak only with its end time", () => {
    const soaking: EnvResult = {
      environment: "prod",
      kind: "skip",
      state: "waiting",
      why: `soaking in staging until ${T1}`,
      readyAt: T1,
    };
    expect(applyReport([], 1, report("1.8.0", [soaking]), context).blocked).toEqual([
      entry({ state: "waiting", why: `soaking in staging until ${T1}`, readyAt: T1 }),
    ]);
  });

  it("shows a policy skip only for a tag newer than what runs or is proposed there", () => {
    const policy = (why: string): EnvResult => ({
      environment: "prod",
      kind: "skip",
      state: "policy",
      why,
    });
    const outside = policy("2.0.0 does not satisfy >=1.0.0 <2.0.0");
    expect(applyReport([], 1, report("2.0.0", [outside]), context).blocked).toEqual([
      entry({ tag: "2.0.0", state: "policy", why: outside.why ?? "" }),
    ]);
    // An old tag pushed again, an out-of-order event, and a digest-pinned image are no news.
    expect(
      applyReport([], 1, report("1.6.0", [policy("1.6.0 is not newer than 1.7.0")]), context)
        .blocked,
    ).toEqual([]);
    const proposed = { ...context, pulls: [pull(9, "prod", "1.9.0", "OPEN")] };
    expect(
      applyReport(
        [],
        1,
        report("1.8.0", [policy("#9 already proposes 1.9.0, newer than 1.8.0")]),
        proposed,
      ).blocked,
    ).toEqual([]);
    expect(
      applyReport([], 1, report("2.0.0", [outside]), { ...context, digestPolicy: true }).blocked,
    ).toEqual([]);
  });

  it("keeps reasons on one bounded line, and the newest entries when there are too many", () => {
    const long = applyReport(
      [],
      1,
      report("1.8.0", [gated("prod", `a\nb ${"x".repeat(400)}`)]),
      context,
    );
    expect(long.blocked[0]?.why).toMatch(/^a b x+…$/);
    expect(long.blocked[0]?.why).toHaveLength(300);
    const many = Array.from({ length: MAX_BLOCKED }, (_, i) =>
      entry({
        id: i + 1,
        environment: `e${i}`,
        since: `2026-01-01T00:00:${String(i % 60).padStart(2, "0")}.000Z`,
      }),
    );
    const full = applyReport(many, MAX_BLOCKED + 1, report("1.8.0", [gated("prod")], T1), context);
    expect(full.blocked).toHaveLength(MAX_BLOCKED);
    expect(full.blocked.some((b) => b.environment === "prod")).toBe(true);
  });
});

describe("stillBlocked: what a merge or a newer PR settled without a bump saying so", () => {
  const view = (pulls: BumpPullSummary[], tags = ["1.7.0"]) => ({
    pulls,
    deployed: [{ repository: API, environment: "prod", tags }],
  });
  it.each<[string, BumpPullSummary[], string[], number]>([
    ["nothing settled it", [], ["1.7.0"], 1],
    [
      "an open PR for the same tag (a gate may block after it opened)",
      [pull(3, "prod", "1.8.0", "OPEN")],
      ["1.7.0"],
      1,
    ],
    ["an older merged PR", [pull(3, "prod", "1.7.5", "MERGED")], ["1.7.0"], 1],
    ["the environment runs it", [], ["1.8.0"], 0],
    ["a merged PR took it there", [pull(3, "prod", "1.8.0", "MERGED")], ["1.7.0"], 0],
    ["an open PR offers a newer tag", [pull(3, "prod", "1.9.0", "OPEN")], ["1.7.0"], 0],
  ])("%s", (_name, pulls, tags, left) => {
    expect(stillBlocked([entry()], view(pulls, tags))).toHaveLength(left);
  });
});

describe("the Blocked section and its boxes", () => {
  const view: DashboardView = {
    environments: ["dev", "staging", "prod"],
    pulls: [],
    deployed: [...deployed],
    configProblems: [],
    stateProblem: null,
  };
  const state: DashboardState = {
    ...emptyState(),
    next: 4,
    blocked: [
      entry({ id: 3, why: "provenance: builder <!-- bw:unhold:1 --> is not trusted" }),
      entry({
        id: 2,
        environment: "staging",
        state: "unverified",
        why: "signature not verified: no signature found",
      }),
    ],
  };

  it("lists each blocked version with a re-check box, in promotion order, after the pending bumps", () => {
    const body = renderDashboard(state, view);
    expect(body).toContain(
      [
        "## Blocked",
        "",
        "Versions bumpwarden did not propose, and why. They are checked again when the image is pushed and at each reconcile; check a box (or comment `/recheck` here) to check one now.",
        "",
        "- [ ] <!-- bw:recheck:2 --> `acme/api` `1.8.0` in **staging** — signature: signature not verified: no signature found (since 2026-11-23 12:00 UTC)",
        "- [ ] <!-- bw:recheck:3 --> `acme/api` `1.8.0` in **prod** — supply-chain gates: provenance: builder &lt;!-- bw:unhold:1 --> is not trusted (since 2026-11-23 12:00 UTC)",
      ].join("\n"),
    );
    expect(body.indexOf("## Pending bumps")).toBeLessThan(body.indexOf("## Blocked"));
    expect(body.indexOf("## Blocked")).toBeLessThan(body.indexOf("## Promotion"));
    // A reason that quotes a checkbox marker makes no box.
    expect(parseDashboard(body).boxes.map((b) => b.action)).toEqual([
      { kind: "recheck", entry: 2 },
      { kind: "recheck", entry: 3 },
    ]);
    expect(renderDashboard(emptyState(), view)).not.toContain("## Blocked");
  });

  it("round-trips the blocked list through the state block, and leaves it out when empty", () => {
    const parsed = parseDashboard(renderDashboard(state, view));
    expect(parsed.state).toEqual(state);
    expect(formatState(emptyState())).toBe(
      '<!-- bumpwarden:dashboard-state {"v":1,"next":1,"ignores":[]} -->',
    );
    // Ids stay unique when a person lowered `next` by hand.
    expect(parseDashboard(formatState({ ...state, next: 1 })).state.next).toBe(4);
  });

  it("reports a checked re-check box once", () => {
    const body = renderDashboard(state, view);
    const checked = body.replace("- [ ] <!-- bw:recheck:3", "- [x] <!-- bw:recheck:3");
    expect(newlyChecked(body, checked)).toEqual([{ kind: "recheck", entry: 3 }]);
    expect(newlyChecked(checked, checked)).toEqual([]);
  });
});
