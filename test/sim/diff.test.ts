import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { diffText, formatPatch } from "../../sim/github/diff.js";
import { commentableLines, diffHunkFor, lineAtPosition } from "../../sim/github/diff-lines.js";
import { mergeText } from "../../sim/github/git/merge.js";

const dir = mkdtempSync(join(tmpdir(), "sim-diff-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `git diff` of two texts, from the first hunk header on (GitHub's `patch` field). */
function gitPatch(before: string, after: string): string {
  writeFileSync(join(dir, "a"), before);
  writeFileSync(join(dir, "b"), after);
  let out = "";
  try {
    execFileSync("git", ["diff", "--no-index", "--no-color", "-U3", "a", "b"], {
      cwd: dir,
      encoding: "utf8",
    });
  } catch (e) {
    out = String((e as { stdout: string }).stdout);
  }
  return out.slice(out.indexOf("@@")).replace(/\n$/, "");
}

const deployment = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.7.0
          resources:
            limits:
              memory: 256Mi
`;

const CASES: Array<[string, string, string]> = [
  ["a tag bump", manifest, manifest.replace("1.7.0", "1.8.0")],
  [
    "two distant edits (two hunks)",
    deployment,
    deployment.replace("line 3\n", "line three\n").replace("line 27\n", "line twenty-seven\n"),
  ],
  ["a new file", "", manifest],
  ["a deleted file", manifest, ""],
  ["a lost final newline", manifest, manifest.replace(/\n$/, "")],
  ["lines added at the end", manifest, `${manifest}          requests:\n            cpu: 100m\n`],
  ["a single line file", "x\n", "y\n"],
];

describe("patches match `git diff -U3`", () => {
  test.each(CASES)("%s", (_, before, after) => {
    expect(formatPatch(diffText(before, after))).toBe(gitPatch(before, after));
  });
});

describe("lines a review comment may target", () => {
  const hunks = diffText(
    deployment,
    deployment.replace("line 3\n", "line three\n").replace("line 27\n", "line twenty-seven\n"),
  );

  test("context and added lines on the right, context and deleted lines on the left, nothing outside the hunks", () => {
    const lines = commentableLines(hunks);
    expect(lines.has("RIGHT:3")).toBe(true);
    expect(lines.has("LEFT:3")).toBe(true);
    expect(lines.has("RIGHT:6")).toBe(true);
    expect(lines.has("RIGHT:7")).toBe(false);
    expect(lines.has("RIGHT:15")).toBe(false);
    expect(lines.has("RIGHT:27")).toBe(true);
  });

  test("positions count from the first hunk's first line and include later hunk headers", () => {
    const lines = commentableLines(hunks);
    // Hunk 1 shows lines 1-6 (7 patch lines: 1, 2, -3, +3, 4, 5, 6); its header is position 0.
    expect(lines.get("LEFT:3")?.position).toBe(3);
    expect(lines.get("RIGHT:3")?.position).toBe(4);
    // The second header is position 8; its first line (24) position 9.
    expect(lines.get("RIGHT:24")?.position).toBe(9);
    expect(lineAtPosition(lines, 4)?.line).toBe(3);
    const target = lines.get("RIGHT:27");
    expect(target && diffHunkFor(hunks, target)).toBe(
      "@@ -24,7 +24,7 @@ line 23\n line 24\n line 25\n line 26\n-line 27\n+line twenty-seven",
    );
  });
});

describe("three-way merge", () => {
  test("edits to different lines merge, edits to the same line conflict", () => {
    const ours = deployment.replace("line 2\n", "line two\n");
    const theirs = deployment.replace("line 20\n", "line twenty\n");
    expect(mergeText(deployment, ours, theirs)).toBe(
      deployment.replace("line 2\n", "line two\n").replace("line 20\n", "line twenty\n"),
    );
    expect(mergeText(deployment, ours, deployment.replace("line 2\n", "line 2!\n"))).toBeNull();
    expect(mergeText(deployment, ours, ours)).toBe(ours);
  });
});
