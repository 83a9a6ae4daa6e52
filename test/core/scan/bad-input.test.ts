import { describe, expect, it } from "vitest";
import { planBump } from "../../../src/core/scan/plan-bump.js";
import { scanFiles } from "../../../src/core/scan/scan-files.js";

const pod = "kind: Pod\nspec:\n  containers:\n    - image: nginx:1.0\n";

function aliasBomb(levels: number, width: number): string {
  let text = `image: nginx:1.0\nl0: &l0 [lol, lol]\n`;
  for (let i = 1; i <= levels; i++)
    text += `l${i}: &l${i} [${Array(width)
      .fill(`*l${i - 1}`)
      .join(", ")}]\n`;
  return text;
}

describe("bad input is reported, never a crash", () => {
  it("a billion-laughs document with 10,000 aliases", () => {
    const text = aliasBomb(1000, 10);
    const scan = scanFiles([{ path: "values.yaml", text }]);
    expect(scan.references).toEqual([]);
    expect(scan.problems).toMatchObject([
      {
        file: "values.yaml",
        line: 1,
        severity: "error",
        message: expect.stringMatching(/10000 aliases.*alias bomb/),
      },
    ]);
    expect(
      planBump(
        [
          { path: "values.yaml", text },
          { path: "pod.yaml", text: pod },
        ],
        { repository: "nginx", tag: "1.1" },
      ),
    ).toMatchObject({
      ok: false,
      error: { code: "unreadable-files", problems: [{ file: "values.yaml", line: 1 }] },
    });
  });

  it("a billion-laughs document built from a scalar anchor", () => {
    let text = "image: nginx:1.0\nl0: &l0 lol\n";
    for (let i = 1; i <= 10; i++)
      text += `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(", ")}]\n`;
    const scan = scanFiles([{ path: "values.yaml", text }]);
    expect(scan.references).toEqual([]);
    expect(scan.problems).toMatchObject([
      { file: "values.yaml", line: 1, message: expect.stringContaining("alias bomb") },
    ]);
  });

  it("merge keys that multiply (<<: [*a, *a, …] nested) stay linear", () => {
    let text = "image:\n  repository: ghcr.io/acme/x\n  tag: v1\nm0: &m0 {a: 1}\n";
    for (let i = 1; i <= 40; i++)
      text += `m${i}: &m${i}\n  <<: [${Array(10)
        .fill(`*m${i - 1}`)
        .join(", ")}]\n  k${i}: v\n`;
    const scan = scanFiles([{ path: "values.yaml", text }]);
    expect(scan.problems[0]).toMatchObject({
      severity: "error",
      message: expect.stringContaining("alias bomb"),
    });
  });

  it("an alias bomb under the budget is read once per node", () => {
    const text = `kind: Pod\nspec:\n  containers: &c [${Array(100).fill("{image: nginx:1.0}").join(", ")}]\nother: [${Array(2000).fill("*c").join(", ")}]\n`;
    const scan = scanFiles([{ path: "pod.yaml", text }]);
    expect(scan.problems).toEqual([]);
    expect(scan.references).toHaveLength(1);
  });

  it("nesting 5,000 deep", () => {
    const text = `image: nginx:1.0\nx: ${"[".repeat(5000)}${"]".repeat(5000)}\n`;
    const scan = scanFiles([{ path: "values.yaml", text }]);
    expect(scan.problems).toMatchObject([
      {
        file: "values.yaml",
        line: 2,
        severity: "error",
        message: expect.stringContaining("maxDepth"),
      },
    ]);
    expect(planBump([{ path: "values.yaml", text }], { repository: "nginx", tag: "1.1" }).ok).toBe(
      false,
    );
  });

  it("a 20 MB file is refused by size, or read when the limit allows it", () => {
    const chunk = "- image: nginx:1.0\n  name: padding-padding-padding-padding-padding\n";
    const text = `kind: List\nitems:\n${"  ".concat(chunk.replace("\n  ", "\n    ")).repeat(Math.ceil(20e6 / chunk.length))}`;
    expect(text.length).toBeGreaterThan(20e6);
    const refused = scanFiles([{ path: "big.yaml", text }]);
    expect(refused.problems).toMatchObject([
      { file: "big.yaml", severity: "error", message: expect.stringContaining("not read") },
    ]);
    const read = scanFiles([{ path: "values.yaml", text }], { maxFileSize: 32e6 });
    expect(read.problems).toEqual([]);
    expect(read.references.length).toBeGreaterThan(0);
  }, 60_000);

  it("duplicate keys: reported with both lines, read as the last one, and never written", () => {
    const text =
      "kind: Pod\nspec:\n  containers:\n    - image: nginx:1.0\n      image: nginx:2.0\n";
    const scan = scanFiles([{ path: "pod.yaml", text }]);
    expect(scan.references.map((r) => r.tag)).toEqual(["2.0"]);
    expect(scan.problems).toEqual([
      {
        file: "pod.yaml",
        line: 5,
        severity: "error",
        message: expect.stringContaining('duplicate key "image" (first at line 4)'),
      },
    ]);
    expect(
      planBump([{ path: "pod.yaml", text }], { repository: "nginx", tag: "2.1" }),
    ).toMatchObject({ ok: false, error: { code: "unreadable-files" } });
  });

  it("a tab-indented file", () => {
    const scan = scanFiles([
      { path: "pod.yaml", text: "kind: Pod\nspec:\n\tcontainers:\n\t\t- image: nginx:1.0\n" },
    ]);
    expect(scan.problems).toMatchObject([
      {
        file: "pod.yaml",
        line: 3,
        severity: "error",
        message: expect.stringContaining("not valid YAML"),
      },
    ]);
  });

  it("tags with spaces or shell characters are not references, and block a bump of that image", () => {
    const text =
      'kind: Pod\nspec:\n  containers:\n    - image: "nginx:1.0; rm -rf /"\n    - image: nginx:$(id)\n    - image: nginx:1.0\n';
    const scan = scanFiles([{ path: "pod.yaml", text }]);
    expect(scan.references.map((r) => r.line)).toEqual([6]);
    expect(scan.problems.map((p) => [p.line, p.severity, p.message])).toEqual([
      [4, "error", expect.stringContaining('"nginx:1.0; rm -rf /" is not a valid image reference')],
      [5, "error", expect.stringContaining('invalid tag "$(id)"')],
    ]);
    expect(
      planBump([{ path: "pod.yaml", text }], { repository: "nginx", tag: "1.1" }),
    ).toMatchObject({ ok: false, error: { code: "unreadable-files" } });
  });
});
