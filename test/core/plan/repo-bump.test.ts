import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/core/config/load.js";
import type { Config } from "../../../src/core/config/schema.js";
import { parseMarker } from "../../../src/core/pr/marker.js";
import { HOLD_LABEL, planRepoBump } from "../../../src/core/plan/repo-bump.js";
import type { BranchState, PullRequestState, RepoBumpInput } from "../../../src/core/plan/types.js";
import { formatMarker } from "../../../src/core/pr/marker.js";
import { commitPolicy } from "../../../src/core/commits/policy.js";
import { lintMessage } from "../../../src/core/commits/lint.js";

const root = new URL("../../../examples/gitops/", import.meta.url).pathname;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(root).map((path) => ({
  path: relative(root, path),
  text: readFileSync(path, "utf8"),
}));
const config = (() => {
  const parsed = parseConfig(readFileSync(join(root, ".github/bumpwarden.yml"), "utf8"));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
})();

const now = new Date("2026-11-23T12:00:00Z");

function input(overrides: Partial<RepoBumpInput> = {}): RepoBumpInput {
  return {
    repository: "ghcr.io/acme/api",
    tag: "1.8.0",
    digest: null,
    files,
    config,
    botLogin: "bumpwarden[bot]",
    branches: {},
    evidence: {},
    now,
    ...overrides,
  };
}

function pr(overrides: Partial<PullRequestState> & { tag: string }): PullRequestState {
  const { tag, ...rest } = overrides;
  return {
    id: `PR_${rest.number ?? 1}`,
    number: 1,
    title: `chore(deps): bump acme/api to ${tag}`,
    body: formatMarker({ image: "ghcr.io/acme/api", env: "staging", tag, digest: null, from: [] }),
    state: "OPEN",
    url: "https://github.com/acme/gitops/pull/1",
    mergedAt: null,
    headOid: "1".repeat(40),
    labels: [],
    checks: null,
    ...rest,
  };
}

const branch = (
  pullRequests: PullRequestState[],
  headAuthor: string | null = "bumpwarden[bot]",
): BranchState => ({
  exists: true,
  headAuthor,
  pullRequests,
});

describe("planRepoBump on the example GitOps repository", () => {
  it("opens dev and staging PRs and holds prod until staging has merged", () => {
    const plan = planRepoBump(input());
    expect(plan.actions.map((a) => [a.environment, a.kind])).toEqual([
      ["dev", "open"],
      ["staging", "open"],
      ["prod", "skip"],
    ]);
    const staging = plan.actions[1];
    if (staging?.kind !== "open") throw new Error("expected open");
    expect(staging.branch).toBe("bumpwarden/staging/ghcr.io-acme-api");
    expect(staging.title).toBe("chore(deps): bump acme/api to 1.8.0 in staging");
    expect(staging.files.map((f) => f.path)).toEqual([
      "apps/api/overlays/staging/kustomization.yaml",
    ]);
    expect(staging.edits.map((e) => [e.line, e.from, e.to])).toEqual([[8, "1.7.1", "1.8.0"]]);
    expect(parseMarker(staging.body)).toMatchObject({
      image: "ghcr.io/acme/api",
      env: "staging",
      tag: "1.8.0",
      from: ["1.7.1"],
    });
    expect(staging.labels).toEqual(["dependencies", "gitops"]);
    expect(plan.actions[0]).toMatchObject({ automerge: true });
    expect(staging.automerge).toBe(false);
    expect(plan.actions[2]).toMatchObject({
      state: "waiting",
      why: "waiting for 1.8.0 to reach staging",
    });
  });

  it("changes only the tag bytes", () => {
    const plan = planRepoBump(input());
    const dev = plan.actions[0];
    if (dev?.kind !== "open") throw new Error("expected open");
    const before =
      files.find((f) => f.path === "apps/api/overlays/dev/kustomization.yaml")?.text ?? "";
    expect(dev.files[0]?.text).toBe(before.replace('newTag: "1.7.2"', 'newTag: "1.8.0"'));
  });

  it("commit messages and titles pass the Conventional Commits check", async () => {
    const plan = planRepoBump(input());
    for (const action of plan.actions) {
      if (action.kind !== "open") continue;
      const verdict = await lintMessage(
        `${action.message.headline}\n\n${action.message.body}`,
        commitPolicy(config),
      );
      expect(verdict.problems).toEqual([]);
    }
  });

  it("promotes to prod once staging merged with green checks and soaked", () => {
    const merged = pr({
      tag: "1.8.0",
      state: "MERGED",
      mergedAt: "2026-11-23T10:00:00Z",
      checks: "SUCCESS",
      number: 7,
    });
    const branches = { "bumpwarden/staging/ghcr.io-acme-api": branch([merged]) };
    const plan = planRepoBump(input({ branches, only: ["prod"] }));
    expect(plan.actions.map((a) => [a.environment, a.kind])).toEqual([["prod", "open"]]);

    const soaking = planRepoBump(
      input({ branches, only: ["prod"], now: new Date("2026-11-23T10:30:00Z") }),
    );
    expect(soaking.actions[0]).toMatchObject({
      kind: "skip",
      state: "waiting",
      readyAt: new Date("2026-11-23T11:00:00Z"),
    });

    const red = {
      "bumpwarden/staging/ghcr.io-acme-api": branch([{ ...merged, checks: "FAILURE" }]),
    };
    expect(planRepoBump(input({ branches: red, only: ["prod"] })).actions[0]).toMatchObject({
      kind: "skip",
      state: "waiting",
    });
    expect(
      planRepoBump(input({ branches: red, only: ["prod"], force: "prod" })).actions[0],
    ).toMatchObject({ kind: "open" });
  });

  it("updates an open PR for an older tag and leaves one that already proposes this tag", () => {
    const older = pr({ tag: "1.7.9", number: 3 });
    const same = pr({ tag: "1.8.0", number: 4 });
    const plan = planRepoBump(
      input({
        branches: {
          "bumpwarden/dev/ghcr.io-acme-api": branch([older]),
          "bumpwarden/staging/ghcr.io-acme-api": branch([same]),
        },
      }),
    );
    expect(plan.actions[0]).toMatchObject({ kind: "update", pullRequest: { number: 3 } });
    expect(plan.actions[1]).toMatchObject({ kind: "unchanged", pullRequest: { number: 4 } });
  });

  it("treats a PR closed without merging as declining that version", () => {
    const declined = pr({ tag: "1.8.0", state: "CLOSED", number: 5 });
    const plan = planRepoBump(
      input({ branches: { "bumpwarden/dev/ghcr.io-acme-api": branch([declined]) } }),
    );
    expect(plan.actions[0]).toMatchObject({ kind: "skip", state: "ignored" });
    expect(plan.actions[0]?.kind === "skip" && plan.actions[0].why).toMatch(/#5/);
  });

  it("respects holds, allowIn, policies, signatures and gates", () => {
    const held = planRepoBump(
      input({
        branches: {
          "bumpwarden/dev/ghcr.io-acme-api": branch([pr({ tag: "1.7.9", labels: [HOLD_LABEL] })]),
        },
      }),
    );
    expect(held.actions[0]).toMatchObject({ kind: "skip", state: "held" });

    const limited: Config = { ...config, images: [{ match: "ghcr.io/acme/*", allowIn: ["dev"] }] };
    expect(
      planRepoBump(input({ config: limited })).actions.map((a) => a.kind === "skip" && a.state),
    ).toEqual([false, "not-allowed", "not-allowed"]);

    expect(planRepoBump(input({ tag: "2.0.0" })).actions[0]).toMatchObject({
      kind: "skip",
      state: "policy",
    });
    expect(planRepoBump(input({ tag: "1.6.0" })).actions[0]).toMatchObject({
      kind: "skip",
      state: "policy",
    });

    const signed: Config = {
      ...config,
      images: [{ match: "ghcr.io/acme/*", verify: { cosign: { key: "k" } } }],
    };
    const unsigned = planRepoBump(
      input({
        config: signed,
        evidence: { signature: { verified: false, reason: "no signature found" } },
      }),
    );
    expect(unsigned.actions[0]).toMatchObject({
      kind: "skip",
      state: "unverified",
      why: "signature not verified: no signature found",
    });

    const gated = planRepoBump(
      input({
        evidence: {
          gates: { dev: [{ gate: "vulnerabilities", result: "block", reason: "2 critical" }] },
        },
      }),
    );
    expect(gated.actions[0]).toMatchObject({
      kind: "skip",
      state: "gated",
      why: "vulnerabilities: 2 critical",
    });
    expect(gated.actions[1]).toMatchObject({ kind: "open" });
  });

  it("closes an open PR whose tag the base branch already has", () => {
    const stale = pr({ tag: "1.7.2", number: 9 });
    const plan = planRepoBump(
      input({
        tag: "1.7.2",
        branches: { "bumpwarden/dev/ghcr.io-acme-api": branch([stale]) },
        only: ["dev"],
      }),
    );
    expect(plan.actions[0]).toMatchObject({ kind: "close", pullRequest: { number: 9 } });
  });

  it("does not overwrite a bump branch someone else pushed to", () => {
    const plan = planRepoBump(
      input({
        branches: { "bumpwarden/dev/ghcr.io-acme-api": branch([pr({ tag: "1.7.9" })], "alice") },
      }),
    );
    expect(plan.actions[0]).toMatchObject({ kind: "skip", state: "edited" });
  });
});

describe("the bump's own review", () => {
  it("is summarized in the body and holds auto-merge back when it fails", () => {
    const strict: Config = {
      ...config,
      review: { ...config.review, allowedRegistries: ["docker.io/library"] },
    };
    const plan = planRepoBump(input({ config: strict }));
    const dev = plan.actions[0];
    if (dev?.kind !== "open") throw new Error("expected open");
    expect(dev.body).toMatch(/\*\*Review\*\*: failed \(1 error\)/);
    expect(dev.body).toMatch(/image-registry/);
    expect(dev.automerge).toBe(false);

    const clean = planRepoBump(input());
    expect(clean.actions[0]).toMatchObject({ kind: "open", automerge: true });
    expect(clean.actions[0]?.kind === "open" && clean.actions[0].body).toMatch(
      /\*\*Review\*\*: passed/,
    );
  });

  it("sees the image of a Helm override that sets only the tag, through its unedited base", () => {
    const fixture = new URL("../../fixtures/helm-overrides/", import.meta.url).pathname;
    const strict: Config = {
      ...config,
      environments: {},
      review: { ...config.review, allowedRegistries: ["docker.io/library"] },
    };
    const plan = planRepoBump(
      input({
        repository: "ghcr.io/acme/api",
        tag: "1.4.0",
        files: walk(fixture).map((path) => ({
          path: relative(fixture, path),
          text: readFileSync(path, "utf8"),
        })),
        config: strict,
      }),
    );
    const prod = plan.actions.find((a) => a.kind === "open" && a.environment === "prod");
    if (prod?.kind !== "open") throw new Error("expected an open action for prod");
    expect(prod.body).toMatch(/\*\*Review\*\*: failed \(1 error\)/);
    expect(prod.body).toMatch(
      /`charts\/api\/values-prod\.yaml:5` error .*image-registry.*ghcr\.io\/acme\/api is not from an allowed registry/,
    );
    expect(prod.automerge).toBe(false);
  });
});

describe("images[].ignore", () => {
  it("never proposes a tag listed or inside a listed semver range", () => {
    const withIgnore = (ignore: string[]): Config => ({
      ...config,
      images: [{ match: "ghcr.io/acme/*", ignore }],
    });
    expect(planRepoBump(input({ config: withIgnore(["1.8.0"]) })).actions[0]).toMatchObject({
      kind: "skip",
      state: "ignored",
      why: '1.8.0 matches "1.8.0" in images[].ignore of .github/bumpwarden.yml',
    });
    expect(
      planRepoBump(input({ config: withIgnore([">=1.8.0 <1.9.0"]) })).actions[0],
    ).toMatchObject({ kind: "skip", state: "ignored" });
    expect(
      planRepoBump(input({ config: withIgnore(["1.9.x", "not a range ((("]) })).actions[0],
    ).toMatchObject({ kind: "open" });
  });
});
