import { describe, expect, it } from "vitest";
import { githubRepo, relateCommits } from "../../src/app/commit-order.js";
import type { CommitOrderRequest, ImageLabels } from "../../src/app/commit-order.js";
import { err, ok } from "../../src/core/result.js";
import type { RepoName } from "../../src/ports/git-host.js";
import type { Comparison, SourceHistory } from "../../src/ports/source-history.js";

const PUSHED = "c".repeat(40);
const tag = (sha: string) => `sha-${sha.slice(0, 7)}`;

/** A SourceHistory that answers from a table and records what it was asked. */
function history(answers: Record<string, Comparison | "404">) {
  const asked: string[] = [];
  const source: SourceHistory = {
    async compare(repo: RepoName, base: string, head: string) {
      asked.push(`${repo.owner}/${repo.name} ${base}...${head}`);
      const a = answers[base];
      if (a === undefined) throw new Error(`unexpected compare of ${base}`);
      return a === "404"
        ? err({ kind: "unreadable" as const, message: `GitHub answered 404 for ${base}` })
        : ok(a);
    },
  };
  return { source, asked };
}

const cmp = (status: Comparison["status"], aheadBy: number, behindBy: number): Comparison => ({
  status,
  aheadBy,
  behindBy,
  commits: [],
});

function request(over: Partial<CommitOrderRequest> = {}): CommitOrderRequest {
  return {
    template: "sha-{short_sha}",
    pushed: { tag: tag(PUSHED), revision: PUSHED, created: "2026-11-05T00:00:00Z" },
    inUse: [],
    source: "https://github.com/acme/api",
    labelsOf: async (): Promise<ImageLabels> => ({}),
    ...over,
  };
}

describe("relateCommits", () => {
  it("compares each tag in use with the pushed commit on the source repository, once per tag", async () => {
    const h = history({
      aaaaaaa: cmp("ahead", 3, 0),
      bbbbbbb: cmp("behind", 0, 2),
      ddddddd: cmp("diverged", 1, 4),
      eeeeeee: cmp("identical", 0, 0),
    });
    const inUse = ["a", "b", "d", "e", "a"].map((c) => tag(c.repeat(40)));
    const out = await relateCommits(request({ inUse: [...inUse, tag(PUSHED), "1.2.3"] }), h.source);
    // The pushed commit's full SHA (its revision label) is what is compared; duplicates once.
    expect(h.asked.sort()).toEqual([
      `acme/api aaaaaaa...${PUSHED}`,
      `acme/api bbbbbbb...${PUSHED}`,
      `acme/api ddddddd...${PUSHED}`,
      `acme/api eeeeeee...${PUSHED}`,
    ]);
    expect(out).toEqual({
      "sha-aaaaaaa": {
        pushed: "newer",
        why: "Commit order: sha-ccccccc is 3 commits ahead of sha-aaaaaaa in acme/api (GitHub compare).",
      },
      "sha-bbbbbbb": {
        pushed: "older",
        why: "Commit order: sha-ccccccc is 2 commits behind sha-bbbbbbb in acme/api (GitHub compare), an older build delivered late.",
      },
      "sha-ddddddd": {
        pushed: "unknown",
        why: "their commits have diverged in acme/api (GitHub compare): 1 commit ahead and 4 commits behind, so neither is newer.",
      },
      "sha-eeeeeee": {
        pushed: "same",
        why: "Commit order: sha-ccccccc and sha-eeeeeee are the same commit in acme/api (GitHub compare).",
      },
    });
  });

  it("compares the full SHA of a tag in use when its revision label was read", async () => {
    const full = "a".repeat(40);
    const h = history({ [full]: cmp("ahead", 1, 0) });
    const out = await relateCommits(
      request({ inUse: ["sha-aaaaaaa"], revisions: { "sha-aaaaaaa": full } }),
      h.source,
    );
    expect(h.asked).toEqual([`acme/api ${full}...${PUSHED}`]);
    expect(out["sha-aaaaaaa"]?.pushed).toBe("newer");
  });

  it("falls back to the images' creation times when the comparison fails, and says why", async () => {
    const h = history({ aaaaaaa: "404", bbbbbbb: "404" });
    const created: Record<string, string> = {
      "sha-aaaaaaa": "2026-11-01T00:00:00Z",
      "sha-bbbbbbb": "2026-11-05T00:00:00Z",
    };
    const out = await relateCommits(
      request({
        inUse: ["sha-aaaaaaa", "sha-bbbbbbb"],
        labelsOf: async (t) => (created[t] ? { created: created[t] } : {}),
      }),
      h.source,
    );
    expect(out).toEqual({
      "sha-aaaaaaa": {
        pushed: "newer",
        why: "Ordered by the images' creation times (sha-ccccccc 2026-11-05T00:00:00Z, sha-aaaaaaa 2026-11-01T00:00:00Z), not by commits: GitHub answered 404 for aaaaaaa.",
      },
      "sha-bbbbbbb": {
        pushed: "unknown",
        why: "commit order is unknown (GitHub answered 404 for bbbbbbb), and the images' creation times are equal.",
      },
    });
  });

  it.each([
    [
      "no source label",
      { source: null },
      "commit order is unknown (the image names no source repository (org.opencontainers.image.source)), and the images' creation times are missing (sha-aaaaaaa).",
    ],
    [
      "a source elsewhere",
      { source: "https://gitlab.com/acme/api" },
      "commit order is unknown (its source https://gitlab.com/acme/api is not a GitHub repository), and the images' creation times are missing (sha-aaaaaaa).",
    ],
  ])(
    "without a GitHub source (%s) nothing is compared, and the relation says so",
    async (_n, over, why) => {
      const h = history({});
      const out = await relateCommits(request({ ...over, inUse: ["sha-aaaaaaa"] }), h.source);
      expect(h.asked).toEqual([]);
      expect(out).toEqual({ "sha-aaaaaaa": { pushed: "unknown", why } });
    },
  );

  it("without GitHub access, creation times decide when both are known", async () => {
    const out = await relateCommits(
      request({
        inUse: ["sha-aaaaaaa"],
        labelsOf: async () => ({ created: "2026-11-09T00:00:00Z" }),
      }),
      undefined,
    );
    expect(out["sha-aaaaaaa"]).toEqual({
      pushed: "older",
      why: "Ordered by the images' creation times (sha-ccccccc 2026-11-05T00:00:00Z, sha-aaaaaaa 2026-11-09T00:00:00Z), not by commits: no GitHub access was given to compare commits.",
    });
  });

  it("a pushed tag outside the template relates nothing (the policy refuses it)", async () => {
    expect(
      await relateCommits(request({ pushed: { tag: "1.8.0" }, inUse: ["sha-aaaaaaa"] }), undefined),
    ).toEqual({});
  });

  it.each([
    ["https://github.com/acme/api", { owner: "acme", name: "api" }],
    ["git+https://github.com/acme/api.git#main", { owner: "acme", name: "api" }],
    ["git@github.com:acme/api.git", { owner: "acme", name: "api" }],
    ["github.com/acme/api", { owner: "acme", name: "api" }],
    ["https://github.com/acme", null],
    ["https://github.com/acme/api/tree/main", null],
    ["https://gitlab.com/acme/api", null],
    [null, null],
  ])("githubRepo(%s)", (source, repo) => {
    expect(githubRepo(source)).toEqual(repo);
  });
});
