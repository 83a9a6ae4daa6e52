import fc from "fast-check";
import semver from "semver";
import { describe, expect, it } from "vitest";
import type { TagPolicy } from "../../../src/core/versions/index.js";
import { decideDigest, isArtifactTag, selectTag } from "../../../src/core/versions/index.js";

/** A realistic listing: nginx-style release tags, floating tags, variants, cosign artifacts. */
const NGINX = [
  "1.25.5",
  "1.25",
  "1",
  "1.26.0",
  "1.26.1",
  "1.26.2-alpine",
  "1.26.2",
  "1.27.0",
  "1.27.1",
  "1.27.2",
  "1.27.3",
  "1.27.3-alpine",
  "1.27.3-alpine-slim",
  "mainline",
  "stable",
  "latest",
  "alpine",
  "1.28.0-rc.1",
  "v1.27.4",
  "2.0.0",
  "sha256-9d7b7f3b6a9e0c1f2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8.sig",
  "sha256-9d7b7f3b6a9e0c1f2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8.att",
  "sha256-9d7b7f3b6a9e0c1f2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8.sbom",
  "sha256-9d7b7f3b6a9e0c1f2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8",
];

function pick(policy: TagPolicy, current: string | null, tags = NGINX, commitOrder?: string[]) {
  const r = selectTag({ tags, policy, current, ...(commitOrder ? { commitOrder } : {}) });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe("semver policy", () => {
  const cases: [string, TagPolicy, string | null, string | null][] = [
    ["newest inside the range", { semver: ">=1.0.0 <2.0.0" }, "1.26.0", "v1.27.4"],
    ["major allowed by *", { semver: "*" }, "1.26.0", "2.0.0"],
    ["caret keeps the minor line", { semver: "~1.26.0" }, "1.26.0", "1.26.2"],
    ["already newest", { semver: "^1" }, "v1.27.4", null],
    ["no current: newest overall", { semver: "^1" }, null, "v1.27.4"],
    [
      "pre-releases when asked",
      { semver: ">=1.0.0 <2.0.0", prerelease: true },
      "1.27.3",
      "1.28.0-rc.1",
    ],
    ["current pre-release moves to its release line", { semver: "*" }, "1.28.0-rc.0", "2.0.0"],
    ["v prefix on current", { semver: "^1" }, "v1.26.0", "v1.27.4"],
  ];
  it.each(cases)("%s", (_name, policy, current, expected) => {
    expect(pick(policy, current).tag).toBe(expected);
  });

  it("a current pre-release sees later pre-releases of the same version only", () => {
    const tags = ["2.0.0-rc.1", "2.0.0-rc.2", "2.1.0-beta.1", "1.9.0"];
    expect(pick({ semver: "*" }, "2.0.0-rc.1", tags).tag).toBe("2.0.0-rc.2");
    expect(pick({ semver: "*" }, "2.0.0-rc.2", tags).tag).toBe(null);
  });

  it("prefers the spelling of the current tag when v1.2.3 and 1.2.3 both exist", () => {
    const tags = ["1.3.0", "v1.3.0", "1.2.0"];
    expect(pick({ semver: "*" }, "v1.2.0", tags).tag).toBe("v1.3.0");
    expect(pick({ semver: "*" }, "1.2.0", tags).tag).toBe("1.3.0");
  });

  it("explains what it chose and every group it skipped", () => {
    const s = pick({ semver: ">=1.0.0 <2.0.0" }, "1.27.1", NGINX);
    expect(s.candidates).toEqual(["v1.27.4", "1.27.3", "1.27.2"]);
    expect(s.why).toMatch(
      /^v1\.27\.4 is the newest of 3 tags that satisfy ">=1\.0\.0 <2\.0\.0" and are newer than 1\.27\.1\./,
    );
    expect(s.why).toContain("4 signature/attestation tags");
    expect(s.why).toContain("pre-releases (1.26.2-alpine, 1.27.3-alpine, 1.27.3-alpine-slim, …)");
    expect(s.why).toContain("1 version outside the range (2.0.0)");
    expect(s.why).toContain("tags not newer than the current one (1.25.5, 1.26.0, 1.26.1, …)");
    const counts = Object.fromEntries(s.skipped.map((k) => [k.reason, k.count]));
    expect(counts).toEqual({
      artifact: 4,
      "not-a-version": 6,
      prerelease: 4,
      "out-of-range": 1,
      "not-newer": 5,
    });
  });

  it("refuses to guess when the current tag is not a version", () => {
    const s = pick({ semver: "*" }, "latest");
    expect(s.tag).toBeNull();
    expect(s.why).toMatch(/current tag latest is not a version/);
  });

  it("reports an invalid range as an error", () => {
    const r = selectTag({ tags: NGINX, policy: { semver: ">=1.0.0 <<2" }, current: null });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("invalid-range");
  });
});

describe("regex policy", () => {
  const builds = [
    "main-1700000000",
    "main-1700000500",
    "main-999",
    "feature-1800000000",
    "main-abc",
    "latest",
  ];
  it("orders extracted numbers numerically, not lexically", () => {
    const s = pick({ regex: "^main-(?<ts>\\d+)$", order: "numerical" }, "main-999", builds);
    expect(s.tag).toBe("main-1700000500");
    expect(s.candidates).toEqual(["main-1700000500", "main-1700000000"]);
  });
  it("uses the named group extract over other groups", () => {
    const tags = ["build-7-of-2024", "build-12-of-2023", "build-9-of-2025"];
    const s = pick({ regex: "^build-(?<extract>\\d+)-of-(\\d+)$", order: "numerical" }, null, tags);
    expect(s.tag).toBe("build-12-of-2023");
  });
  it("orders CalVer components as numbers", () => {
    const tags = ["2024.9.30", "2024.10.01", "2024.10.1", "2023.12.31", "2024.10.02-hotfix"];
    expect(
      pick({ regex: "^(\\d+\\.\\d+\\.\\d+)$", order: "numerical" }, "2024.9.30", tags).tag,
    ).toBe("2024.10.01");
  });
  it("alphabetical and semver orders", () => {
    const tags = ["release-a", "release-c", "release-b", "release-v1.10.0", "release-v1.9.0"];
    expect(pick({ regex: "^release-([a-z])$", order: "alphabetical" }, "release-a", tags).tag).toBe(
      "release-c",
    );
    expect(
      pick({ regex: "^release-(v[\\d.]+)$", order: "semver" }, "release-v1.9.0", tags).tag,
    ).toBe("release-v1.10.0");
  });
  it("reports an invalid regex", () => {
    const r = selectTag({
      tags: builds,
      policy: { regex: "^main-(\\d+$", order: "numerical" },
      current: null,
    });
    expect(r.ok ? "ok" : r.error.code).toBe("invalid-regex");
  });
});

describe("ci policy", () => {
  const history = [
    "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
    "f00dfeedcafe0000111122223333444455556666",
    "3f2a9c1aaaaabbbbbccccdddddeeeeefffff0000",
  ];
  const tags = ["sha-0a1b2c3", "sha-f00dfee", "sha-3f2a9c1", "sha-deadbee", "latest", "1.2.0"];
  it("orders sha tags by commit history, not lexically", () => {
    const s = pick({ ci: "sha-{short_sha}" }, "sha-0a1b2c3", tags, history);
    expect(s.tag).toBe("sha-3f2a9c1");
    expect(s.candidates).toEqual(["sha-3f2a9c1", "sha-f00dfee"]);
    expect(s.why).toContain("1 tag whose commit is not in the given history (sha-deadbee)");
  });
  it("never goes back in history", () => {
    expect(pick({ ci: "sha-{short_sha}" }, "sha-3f2a9c1", tags, history).tag).toBeNull();
  });
  it("main-<sha>-<run>: same commit rebuilt, the higher run wins", () => {
    const t = ["main-0a1b2c3-7", "main-f00dfee-8", "main-f00dfee-10", "dev-3f2a9c1-11"];
    const s = pick({ ci: "main-{short_sha}-{run}" }, "main-0a1b2c3-7", t, history);
    expect(s.candidates).toEqual(["main-f00dfee-10", "main-f00dfee-8"]);
  });
  it("{branch}: stays on the current branch", () => {
    const t = ["main-0a1b2c3", "feature-x-3f2a9c1", "main-f00dfee"];
    expect(pick({ ci: "{branch}-{short_sha}" }, "main-0a1b2c3", t, history).tag).toBe(
      "main-f00dfee",
    );
  });
  it("without history, orders by run number, or refuses when there is none", () => {
    const t = ["main-0a1b2c3-7", "main-f00dfee-12", "main-3f2a9c1-9"];
    expect(pick({ ci: "main-{short_sha}-{run}" }, "main-0a1b2c3-7", t).tag).toBe("main-f00dfee-12");
    const r = selectTag({ tags, policy: { ci: "sha-{short_sha}" }, current: null });
    expect(r.ok ? "ok" : r.error.code).toBe("invalid-template");
  });
  it("rejects unknown placeholders", () => {
    const r = selectTag({ tags, policy: { ci: "sha-{commit}" }, current: null });
    expect(r.ok ? "ok" : r.error.message).toMatch(/"\{commit\}".*not a placeholder/);
  });
});

describe("digest policy", () => {
  it("keeps the tag and compares digests", () => {
    expect(pick({ digest: true }, "latest").tag).toBe("latest");
    expect(pick({ digest: true }, "gone").why).toMatch(/no longer in the registry/);
    const a = `sha256:${"a".repeat(64)}`;
    const b = `sha256:${"b".repeat(64)}`;
    expect(decideDigest("latest", a, a).changed).toBe(false);
    expect(decideDigest("latest", a, b)).toEqual({
      changed: true,
      why: `latest moved from ${a} to ${b}.`,
    });
  });
});

describe("invariants", () => {
  const tag = fc.oneof(
    fc
      .tuple(fc.nat(30), fc.nat(30), fc.nat(30), fc.constantFrom("", "-rc.1", "-alpine", "+b1"))
      .map(([a, b, c, s]) => `${a}.${b}.${c}${s}`),
    fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30)).map(([a, b, c]) => `v${a}.${b}.${c}`),
    fc
      .uint8Array({ minLength: 32, maxLength: 32 })
      .map((b) => `sha256-${Buffer.from(b).toString("hex")}.sig`),
    fc.constantFrom("latest", "main", "stable", "1.2", "edge"),
  );
  it("never selects an artifact tag or anything not newer than current", () => {
    fc.assert(
      fc.property(fc.array(tag, { maxLength: 60 }), tag, fc.boolean(), (tags, current, pre) => {
        const r = selectTag({ tags, policy: { semver: "*", prerelease: pre }, current });
        if (!r.ok) return false;
        const cur = semver.parse(current.replace(/^v/, ""));
        return r.value.candidates.every(
          (c) => !isArtifactTag(c) && (cur === null || semver.gt(c.replace(/^v/, ""), cur)),
        );
      }),
    );
  });
});
