import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/core/config/load.js";
import { planReconcile } from "../../../src/core/plan/reconcile.js";

/** Reconcile under a ci policy: the newest tag is the one whose commit comes last in the source's history. */
const config = (() => {
  const parsed = parseConfig(
    [
      "environments:",
      "  dev: [dev/**]",
      "  staging: [staging/**]",
      "  prod: { paths: [prod/**], requires: staging }",
      "images:",
      "  - match: ghcr.io/acme/*",
      "    policy: { ci: 'sha-{short_sha}' }",
    ].join("\n"),
  );
  if (!parsed.ok) throw new Error("bad config");
  return parsed.value;
})();

// Lexically, ffff… > 9999… > 1111…; by commit, 1111… is the newest.
const [c1, c2, c3] = ["f".repeat(40), "9".repeat(40), "1".repeat(40)] as const;
const tag = (sha: string) => `sha-${sha.slice(0, 7)}`;
const ref = (environment: string, t: string) => ({
  repository: "ghcr.io/acme/api",
  tag: t,
  environment,
});
const history = { commits: [c1, c2, c3], why: "commit order from a test" };
const registry = { "ghcr.io/acme/api": [tag(c3), tag(c1), tag(c2), "latest"] };

describe("planReconcile with a ci policy", () => {
  it("asks for the newest commit's tag and promotes by commit order", () => {
    expect(
      planReconcile(
        config,
        [ref("dev", tag(c2)), ref("staging", tag(c2)), ref("prod", tag(c1))],
        registry,
        { "ghcr.io/acme/api": history },
      ),
    ).toEqual([
      {
        repository: "ghcr.io/acme/api",
        tag: tag(c2),
        only: ["prod"],
        why: `staging runs ${tag(c2)}, prod runs ${tag(c1)}`,
      },
      {
        repository: "ghcr.io/acme/api",
        tag: tag(c3),
        only: ["dev", "staging"],
        why: `the registry has ${tag(c3)} (commit order from a test)`,
      },
    ]);
  });

  it("never promotes backwards: prod ahead of staging stays", () => {
    expect(
      planReconcile(config, [ref("staging", tag(c1)), ref("prod", tag(c2))], registry, {
        "ghcr.io/acme/api": history,
      }).filter((r) => r.only?.includes("prod")),
    ).toEqual([]);
  });

  it("without the source's history, asks for nothing (tags are never ordered by their text)", () => {
    expect(planReconcile(config, [ref("dev", tag(c1))], registry)).toEqual([]);
  });
});
