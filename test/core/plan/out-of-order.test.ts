import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/core/config/load.js";
import type { Config } from "../../../src/core/config/schema.js";
import { formatMarker } from "../../../src/core/pr/marker.js";
import { planRepoBump } from "../../../src/core/plan/repo-bump.js";
import type { PullRequestState, RepoBumpInput } from "../../../src/core/plan/types.js";

/**
 * Pushes reach the planner out of order and more than once (a failed job retried after a newer
 * one succeeded, a sender's redelivery, a reconcile replay): an open PR must never be moved back
 * to an older tag, and a replay finishes what a failed run left undone.
 */
const root = new URL("../../../examples/gitops/", import.meta.url).pathname;
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) =>
    statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)],
  );
const files = walk(root).map((path) => ({
  path: relative(root, path),
  text: readFileSync(path, "utf8"),
}));
const configOf = (text: string): Config => {
  const parsed = parseConfig(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
};
const exampleConfig = configOf(readFileSync(join(root, ".github/bumpwarden.yml"), "utf8"));

const open = (tag: string, env = "dev"): PullRequestState => ({
  id: "PR_7",
  number: 7,
  title: `chore(deps): bump acme/api to ${tag} in ${env}`,
  body: formatMarker({ image: "ghcr.io/acme/api", env, tag, digest: null, from: ["1.7.2"] }),
  state: "OPEN",
  url: "https://github.com/acme/gitops/pull/7",
  mergedAt: null,
  headOid: "1".repeat(40),
  labels: [],
  checks: null,
});

function plan(tag: string, proposed: string, config: Config = exampleConfig) {
  const input: RepoBumpInput = {
    repository: "ghcr.io/acme/api",
    tag,
    digest: null,
    files,
    config,
    botLogin: "bumpwarden[bot]",
    branches: {
      "bumpwarden/dev/ghcr.io-acme-api": {
        exists: true,
        headAuthor: "bumpwarden[bot]",
        pullRequests: [open(proposed)],
      },
    },
    evidence: {},
    now: new Date("2026-11-23T12:00:00Z"),
    only: ["dev"],
  };
  return planRepoBump(input).actions.map((a) => [
    a.kind,
    a.kind === "skip" || a.kind === "unchanged" ? a.why : a.kind === "close" ? a.comment : a.title,
  ]);
}

describe("an older push arriving after a newer one", () => {
  it("leaves the open PR on the newer tag (semver policy)", () => {
    expect(plan("1.8.0", "1.9.0")).toEqual([
      ["skip", "#7 already proposes 1.9.0, newer than 1.8.0"],
    ]);
  });

  it("still moves the PR forward to a newer tag, and leaves the same tag unchanged", () => {
    expect(plan("1.9.1", "1.9.0")).toEqual([
      ["update", "chore(deps): bump acme/api to 1.9.1 in dev"],
    ]);
    expect(plan("1.9.0", "1.9.0")).toEqual([["unchanged", "#7 already proposes 1.9.0"]]);
  });

  it("orders by the image's policy, not by the text: a regex policy with numerical order", () => {
    const config = configOf(
      `${readFileSync(join(root, ".github/bumpwarden.yml"), "utf8").replace('policy: { semver: ">=1.0.0 <2.0.0" }', 'policy: { regex: "^1\\\\.(?<extract>\\\\d+)\\\\.\\\\d+$", order: numerical }')}`,
    );
    expect(plan("1.10.0", "1.9.0", config)).toEqual([
      ["update", "chore(deps): bump acme/api to 1.10.0 in dev"],
    ]);
    expect(plan("1.9.0", "1.10.0", config)).toEqual([
      ["skip", "#7 already proposes 1.10.0, newer than 1.9.0"],
    ]);
  });
});

describe("a replay of a push whose PR is already open", () => {
  const replay = (labels: string[]) => {
    const pr = { ...open("1.8.0"), labels };
    return planRepoBump({
      repository: "ghcr.io/acme/api",
      tag: "1.8.0",
      digest: null,
      files,
      config: exampleConfig,
      botLogin: "bumpwarden[bot]",
      branches: {
        "bumpwarden/dev/ghcr.io-acme-api": {
          exists: true,
          headAuthor: "bumpwarden[bot]",
          pullRequests: [pr],
        },
      },
      evidence: {},
      now: new Date("2026-11-23T12:00:00Z"),
      only: ["dev"],
    }).actions;
  };

  it("decorates the PR again when it lacks its labels (the run that opened it failed before the last step)", () => {
    expect(replay([])).toEqual([
      expect.objectContaining({
        kind: "unchanged",
        redecorate: { labels: ["dependencies", "gitops"], reviewers: [], automerge: true },
      }),
    ]);
    expect(replay(["dependencies"])).toEqual([
      expect.objectContaining({ kind: "unchanged", redecorate: expect.anything() }),
    ]);
  });

  it("leaves a fully decorated PR alone", () => {
    const [action] = replay(["dependencies", "gitops", "needs-review"]);
    expect(action?.kind).toBe("unchanged");
    expect(action && "redecorate" in action).toBe(false);
  });
});
