import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/core/config/load.js";
import { planReconcile } from "../../../src/core/plan/reconcile.js";

const config = (() => {
  const parsed = parseConfig(
    [
      "environments:",
      "  dev: [dev/**]",
      "  staging: [staging/**]",
      "  prod: { paths: [prod/**], requires: staging }",
      "images:",
      "  - match: ghcr.io/acme/*",
      "    policy: { semver: '^1' }",
    ].join("\n"),
  );
  if (!parsed.ok) throw new Error("bad config");
  return parsed.value;
})();

const ref = (environment: string, tag: string, repository = "ghcr.io/acme/api") => ({
  repository,
  tag,
  environment,
});

describe("planReconcile", () => {
  it("asks for the newest tag the policy allows where pushes go, and promotes what staging runs", () => {
    const requests = planReconcile(
      config,
      [ref("dev", "1.8.0"), ref("staging", "1.7.0"), ref("prod", "1.6.0")],
      {
        "ghcr.io/acme/api": ["1.6.0", "1.7.0", "1.8.0", "1.9.0", "2.0.0", "sha256-abc.sig"],
      },
    );
    expect(requests).toEqual([
      {
        repository: "ghcr.io/acme/api",
        tag: "1.7.0",
        only: ["prod"],
        why: "staging runs 1.7.0, prod runs 1.6.0",
      },
      {
        repository: "ghcr.io/acme/api",
        tag: "1.9.0",
        only: ["dev", "staging"],
        why: "the registry has 1.9.0",
      },
    ]);
  });

  it("asks for nothing when every environment is current (cheap when nothing changed)", () => {
    expect(
      planReconcile(config, [ref("dev", "1.9.0"), ref("staging", "1.9.0"), ref("prod", "1.9.0")], {
        "ghcr.io/acme/api": ["1.8.0", "1.9.0", "2.0.0"],
      }),
    ).toEqual([]);
  });

  it("does not guess an order for tags without a policy that are not versions", () => {
    const none = parseConfig("");
    if (!none.ok) throw new Error("bad config");
    expect(
      planReconcile(
        none.value,
        [{ repository: "docker.io/acme/web", tag: "sha-3f2a9c1", environment: "dev" }],
        {
          "docker.io/acme/web": ["sha-3f2a9c1", "sha-9e8d7c6"],
        },
      ),
    ).toEqual([]);
    expect(
      planReconcile(
        none.value,
        [{ repository: "docker.io/library/nginx", tag: "1.27.0", environment: "dev" }],
        {
          "docker.io/library/nginx": ["1.27.0", "1.27.1", "1.28.0-alpine"],
        },
      ),
    ).toEqual([
      {
        repository: "docker.io/library/nginx",
        tag: "1.27.1",
        only: ["dev"],
        why: "the registry has 1.27.1",
      },
    ]);
  });
});

describe("planReconcile with images[].ignore", () => {
  it("skips ignored tags and asks for the newest one left", () => {
    const ignoring = {
      ...config,
      images: [{ ...config.images[0], match: "ghcr.io/acme/*", ignore: ["1.9.0"] }],
    };
    expect(
      planReconcile(ignoring, [ref("dev", "1.8.0"), ref("staging", "1.8.0")], {
        "ghcr.io/acme/api": ["1.8.0", "1.8.5", "1.9.0"],
      }),
    ).toEqual([
      {
        repository: "ghcr.io/acme/api",
        tag: "1.8.5",
        only: ["dev", "staging"],
        why: "the registry has 1.8.5",
      },
    ]);
  });
});
