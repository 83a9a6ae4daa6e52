import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commentableLines } from "../../../../sim/github/diff-lines.js";
import { diffText, formatPatch } from "../../../../sim/github/diff.js";
import { diffMap, parsePatch } from "../../../../src/core/review/report/diff.js";

const sorted = (s: Iterable<number>) => [...s].sort((a, b) => a - b);

describe("parsePatch: RIGHT-side lines of a GitHub patch", () => {
  const cases: Array<{
    name: string;
    patch: string;
    added: number[];
    commentable: number[];
    hunks?: number[];
  }> = [
    {
      name: "one modified line with context",
      patch:
        "@@ -2,7 +2,7 @@ kind: Deployment\n metadata:\n   name: api\n spec:\n-  replicas: 2\n+  replicas: 3\n   selector:\n     matchLabels:\n       app: api",
      added: [5],
      commentable: [2, 3, 4, 5, 6, 7, 8],
    },
    {
      name: "an added file",
      patch: "@@ -0,0 +1,3 @@\n+apiVersion: v1\n+kind: Namespace\n+metadata: { name: dev }",
      added: [1, 2, 3],
      commentable: [1, 2, 3],
    },
    {
      name: "a one-line added file (count omitted in the header)",
      patch: "@@ -0,0 +1 @@\n+FROM alpine:3.20",
      added: [1],
      commentable: [1],
    },
    {
      name: "two hunks: lines between them are not commentable",
      patch: "@@ -1,4 +1,5 @@\n a\n+b\n c\n d\n e\n@@ -20,4 +21,3 @@ spec:\n t\n u\n-v\n w",
      added: [2],
      commentable: [1, 2, 3, 4, 5, 21, 22, 23],
      hunks: [0, 0, 0, 0, 0, 1, 1, 1],
    },
    {
      name: "deletions only: context stays commentable, nothing added",
      patch: "@@ -3,5 +3,3 @@\n c\n-d\n-e\n f\n g",
      added: [],
      commentable: [3, 4, 5],
    },
    {
      name: "no newline at end of file on both sides",
      patch:
        "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+B\n\\ No newline at end of file",
      added: [2],
      commentable: [1, 2],
    },
    {
      name: "an empty context line whose space a tool stripped",
      patch: "@@ -1,3 +1,4 @@\n a\n\n+c\n d",
      added: [3],
      commentable: [1, 2, 3, 4],
    },
    { name: "a pure rename (empty patch)", patch: "", added: [], commentable: [] },
  ];
  it.each(cases)("$name", ({ patch, added, commentable, hunks }) => {
    const d = parsePatch(patch);
    expect(sorted(d.added)).toEqual(added);
    expect(sorted(d.commentable.keys())).toEqual(commentable);
    if (hunks) expect(sorted(d.commentable.keys()).map((l) => d.commentable.get(l))).toEqual(hunks);
  });

  it("agrees with the simulator's GitHub rules on random edits of a manifest", () => {
    const base = Array.from({ length: 40 }, (_, i) => `  key${i}: value${i}`);
    const edit = fc.array(
      fc.record({
        at: fc.nat(45),
        op: fc.constantFrom("add", "del", "mod"),
        text: fc.string({ maxLength: 8 }),
      }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(edit, fc.boolean(), (edits, newline) => {
        const lines = [...base];
        for (const e of edits) {
          const i = Math.min(e.at, lines.length);
          if (e.op === "add") lines.splice(i, 0, `  new: ${e.text.replace(/\n/g, "")}`);
          else if (e.op === "del") lines.splice(i, 1);
          else if (i < lines.length) lines[i] = `  changed: ${e.text.replace(/\n/g, "")}`;
        }
        const before = `${base.join("\n")}\n`;
        const after = lines.join("\n") + (newline ? "\n" : "");
        const hunks = diffText(before, after);
        const sim = commentableLines(hunks);
        const mine = parsePatch(formatPatch(hunks));
        const right = [...sim.values()].filter((l) => l.side === "RIGHT");
        expect(sorted(mine.commentable.keys())).toEqual(sorted(right.map((l) => l.line)));
        for (const l of right) expect(mine.commentable.get(l.line)).toBe(l.hunk);
        const added = hunks.flatMap((h) => {
          let n = h.newStart;
          return h.lines.flatMap((t) =>
            t.startsWith("+") ? [n++] : t.startsWith("-") || t.startsWith("\\") ? [] : (n++, []),
          );
        });
        expect(sorted(mine.added)).toEqual(sorted(added));
      }),
      { numRuns: 300, seed: 8 },
    );
  });
});

describe("diffMap", () => {
  it("keeps files with a RIGHT side: removed files have none, binary and renamed-only files have no lines", () => {
    const map = diffMap([
      { path: "apps/a.yaml", status: "modified", patch: "@@ -1 +1 @@\n-a\n+b" },
      { path: "apps/gone.yaml", status: "removed", patch: "@@ -1 +0,0 @@\n-a" },
      { path: "logo.png", status: "added" },
      { path: "apps/new-name.yaml", status: "renamed", previousPath: "apps/old-name.yaml" },
      {
        path: "apps/moved.yaml",
        status: "renamed",
        previousPath: "apps/was.yaml",
        patch: "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c",
      },
    ]);
    expect([...map.keys()]).toEqual([
      "apps/a.yaml",
      "logo.png",
      "apps/new-name.yaml",
      "apps/moved.yaml",
    ]);
    expect(sorted(map.get("apps/a.yaml")?.added ?? [])).toEqual([1]);
    expect(map.get("logo.png")?.commentable.size).toBe(0);
    expect(map.get("apps/new-name.yaml")?.added.size).toBe(0);
    expect(sorted(map.get("apps/moved.yaml")?.added ?? [])).toEqual([2]);
    expect(map.get("apps/moved.yaml")?.status).toBe("renamed");
  });
});
