import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/core/config/load.js";
import type { IgnoreRule } from "../../../src/core/dashboard/rules.js";
import { planRepoBump } from "../../../src/core/plan/repo-bump.js";
import type { BranchState, PullRequestState, RepoBumpInput } from "../../../src/core/plan/types.js";
import { formatMarker } from "../../../src/core/pr/marker.js";

/** How the planner honours what people said through commands: ignore rules, retries, rewrites. */
const root = new URL("../../../examples/gitops/", import.meta.url).pathname;
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) =>
    statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)],
  );
const files = walk(root).map((p) => ({ path: relative(root, p), text: readFileSync(p, "utf8") }));
const parsed = parseConfig(readFileSync(join(root, ".github/bumpwarden.yml"), "utf8"));
if (!parsed.ok) throw new Error("example config is invalid");
const config = parsed.value;

const STAGING = "bumpwarden/staging/ghcr.io-acme-api";
const BOT = "bumpwarden[bot]";

function input(overrides: Partial<RepoBumpInput> = {}): RepoBumpInput {
  return {
    repository: "ghcr.io/acme/api",
    tag: "1.8.1",
    digest: null,
    files,
    config,
    botLogin: BOT,
    branches: {},
    evidence: {},
    now: new Date("2026-11-23T12:00:00Z"),
    only: ["staging"],
    ...overrides,
  };
}

function pr(tag: string, extra: Partial<PullRequestState> = {}): PullRequestState {
  return {
    id: "PR_7",
    number: 7,
    title: `chore(deps): bump acme/api to ${tag} in staging`,
    body: formatMarker({
      image: "ghcr.io/acme/api",
      env: "staging",
      tag,
      digest: null,
      from: ["1.7.1"],
    }),
    state: "OPEN",
    url: "https://github.com/acme/gitops/pull/7",
    mergedAt: null,
    headOid: "a".repeat(40),
    labels: [],
    checks: null,
    ...extra,
  };
}

const branch = (pulls: PullRequestState[], headAuthor = BOT): Record<string, BranchState> => ({
  [STAGING]: { exists: true, headAuthor, pullRequests: pulls },
});

const rule = (kind: IgnoreRule["kind"], tag: string | null): IgnoreRule => ({
  id: 1,
  repository: "ghcr.io/acme/api",
  environment: "staging",
  kind,
  tag,
  by: "alice",
  pr: 7,
  at: "2026-11-23T11:00:00Z",
});

const only = (plan: ReturnType<typeof planRepoBump>) => {
  const [action] = plan.actions;
  if (!action) throw new Error("no action");
  return action;
};

describe("the planner and the controls", () => {
  it("skips a tag an ignore rule covers, with the rule's reason, and proposes others", () => {
    const skipped = only(planRepoBump(input({ ignores: [rule("minor", "1.8.0")] })));
    expect(skipped).toMatchObject({ kind: "skip", state: "ignored" });
    expect(skipped.kind === "skip" && skipped.why).toBe(
      "`acme/api` `1.8.x` (minor line) in staging is ignored (/ignore by @alice in #7); /unignore to propose it again",
    );
    expect(
      only(planRepoBump(input({ tag: "1.9.0", ignores: [rule("minor", "1.8.0")] }))).kind,
    ).toBe("open");
    expect(only(planRepoBump(input({ ignores: [rule("image", null)] }))).kind).toBe("skip");
  });

  it("treats a declined version as ignored until its PR carries bumpwarden:retry", () => {
    const closed = pr("1.8.1", { state: "CLOSED" });
    expect(only(planRepoBump(input({ branches: branch([closed]) })))).toMatchObject({
      kind: "skip",
      state: "ignored",
    });
    const retried = { ...closed, labels: ["bumpwarden:retry"] };
    expect(only(planRepoBump(input({ branches: branch([retried]) }))).kind).toBe("open");
  });

  it("rewrites an open PR that already proposes the tag only when asked (/rebase)", () => {
    const open = pr("1.8.1");
    expect(only(planRepoBump(input({ branches: branch([open]) }))).kind).toBe("unchanged");
    const rebased = only(planRepoBump(input({ branches: branch([open]), rewrite: "rebase" })));
    expect(rebased).toMatchObject({ kind: "update", pullRequest: { number: 7 } });
  });

  it("leaves a branch someone else pushed to on /rebase, and overwrites it on /recreate", () => {
    const open = pr("1.8.1");
    const edited = branch([open], "maintainer-mia");
    expect(only(planRepoBump(input({ branches: edited, rewrite: "rebase" })))).toMatchObject({
      kind: "skip",
      state: "edited",
    });
    expect(only(planRepoBump(input({ branches: edited, rewrite: "recreate" }))).kind).toBe(
      "update",
    );
  });
});
