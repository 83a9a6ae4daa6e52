import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseMarker } from "../../src/core/pr/marker.js";

const run = promisify(execFile);
const root = new URL("../../", import.meta.url).pathname;

/** `npm run demo` is `tsx scripts/demo.ts`: the same command, without npm's banner. */
const demo = (...args: string[]) =>
  run(`${root}node_modules/.bin/tsx`, ["scripts/demo.ts", ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "silent" },
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });

interface DemoJson {
  prs: Array<{
    title: string;
    branch: string;
    body: string;
    files: Array<{ filename: string; patch: string }>;
  }>;
  reviews: Array<{
    comments: Array<{ path: string; line: number; body: string }>;
    checks: Array<{ name: string; conclusion: string | null }>;
  }>;
}

describe("npm run demo", () => {
  it("--json prints the bump PRs (title, branch, diff, body) and the review, and exits 0", async () => {
    const { stdout } = await demo("--json");
    const out = JSON.parse(stdout) as DemoJson;
    expect(out.prs.map((p) => [p.title, p.branch])).toEqual([
      ["chore(deps): bump acme/api to 1.8.0 in dev", "bumpwarden/dev/ghcr.io-acme-api"],
      ["chore(deps): bump acme/api to 1.8.0 in staging", "bumpwarden/staging/ghcr.io-acme-api"],
    ]);
    for (const pr of out.prs) {
      expect(pr.files).toHaveLength(1);
      expect(pr.files[0]?.patch).toMatch(
        /^- {4}newTag: "1\.7\.\d" {3}# bumped by bumpwarden\n\+ {4}newTag: "1\.8\.0" {3}# bumped by bumpwarden$/m,
      );
      expect(parseMarker(pr.body)).toMatchObject({ image: "ghcr.io/acme/api", tag: "1.8.0" });
    }
    const [review] = out.reviews;
    expect(review?.comments.length).toBeGreaterThan(0);
    expect(review?.checks.find((c) => c.name === "bumpwarden/review")?.conclusion).toBe("failure");
  }, 150_000);

  it("prints the same in a readable form", async () => {
    const { stdout } = await demo();
    expect(stdout).toContain("chore(deps): bump acme/api to 1.8.0 in staging");
    expect(stdout).toMatch(/\+\s+newTag: "1\.8\.0"/);
    expect(stdout).toMatch(/2 bump PR\(s\) opened; \d+ inline review comment\(s\)\./);
  }, 150_000);
});
