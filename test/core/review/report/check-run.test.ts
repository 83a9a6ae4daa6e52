import { describe, expect, it } from "vitest";
import type { Finding } from "../../../../src/core/review/finding.js";
import { renderCheckRun, toAnnotation } from "../../../../src/core/review/report/check-run.js";
import type { CheckRunInput } from "../../../../src/core/review/report/check-run.js";
import { conclusionOf } from "../../../../src/core/review/report/conclusion.js";
import { WORKER_PATH, lintText, workerYaml } from "./helpers.js";

const findings = lintText(WORKER_PATH, workerYaml());
const input = (over: Partial<CheckRunInput> = {}): CheckRunInput => ({
  findings,
  annotations: findings,
  mode: "protect",
  inline: { posted: 0, kept: 0, resolved: 0, overCap: 0, max: 20 },
  files: { reviewed: 1, skipped: [] },
  ...over,
});

describe("conclusionOf", () => {
  it.each([
    ["protect", ["error", "warning"], "failure"],
    ["protect", ["warning", "notice"], "success"],
    ["protect", [], "success"],
    ["monitor", ["warning"], "neutral"],
    ["monitor", [], "success"],
  ] as const)("%s with %j → %s", (mode, severities, expected) => {
    expect(
      conclusionOf(
        severities.map((severity) => ({ severity })),
        mode,
      ),
    ).toBe(expected);
  });
});

describe("renderCheckRun", () => {
  it("fails in protect mode on errors, with a table by rule linking the docs", () => {
    const out = renderCheckRun(input());
    expect(out.conclusion).toBe("failure");
    expect(out.title).toBe("2 errors, 2 warnings");
    expect(out.summary).toContain(
      "| [image-latest](https://github.com/bumpwarden/bumpwarden/blob/main/docs/rules.md#image-latest-error) | error | 1 |",
    );
    expect(out.summary.split("\n")[0]).toBe("Mode **protect**: error findings fail this check.");
  });

  it("maps severities to annotation levels and keeps fixes as raw details", () => {
    const ro = findings.find((f) => f.rule === "read-only-root-fs") as Finding;
    expect(toAnnotation(ro)).toEqual({
      path: WORKER_PATH,
      start_line: 41,
      end_line: 41,
      annotation_level: "warning",
      title: "read-only-root-fs",
      message: ro.message,
      raw_details: "Suggested change (line 41):\n            readOnlyRootFilesystem: true",
    });
    const latest = findings.find((f) => f.rule === "image-latest") as Finding;
    expect(toAnnotation(latest).annotation_level).toBe("failure");
    expect(toAnnotation({ ...latest, policy: "require-tag", rule: "admission-policy" }).title).toBe(
      "admission-policy (require-tag)",
    );
  });

  it("batches annotations by 50 and stops at 1,000, counting the rest", () => {
    const many: Finding[] = Array.from({ length: 1_234 }, (_, i) => ({
      file: `apps/f${i}.yaml`,
      line: i + 1,
      column: 1,
      rule: "resources",
      severity: "warning",
      message: "no limits",
      fingerprint: `${i}`.padStart(20, "0"),
    }));
    const out = renderCheckRun(
      input({
        findings: many,
        annotations: many.slice(20),
        inline: { posted: 20, kept: 0, resolved: 0, overCap: 1_214, max: 20 },
      }),
    );
    expect(out.batches.map((b) => b.length)).toEqual([...Array(20).fill(50)]);
    expect(out.conclusion).toBe("success");
    expect(out.summary).toContain("Inline comments: 20 new, 0 already posted.");
    expect(out.summary).toContain(
      "1214 more on changed lines are annotations: at most 20 inline comments (`review.maxInlineComments`).",
    );
    expect(out.summary).toContain("214 annotations not shown (at most 1000).");
  });

  it("is neutral in monitor mode and says nothing fails", () => {
    const warnings = findings.map((f) => ({ ...f, severity: "warning" as const }));
    const out = renderCheckRun(
      input({ findings: warnings, annotations: warnings, mode: "monitor" }),
    );
    expect(out.conclusion).toBe("neutral");
    expect(out.summary).toContain(
      "Mode **monitor**: findings are reported, nothing fails this check.",
    );
  });

  it("passes with nothing to report", () => {
    const out = renderCheckRun(input({ findings: [], annotations: [] }));
    expect(out).toMatchObject({ conclusion: "success", title: "No problems found", batches: [] });
  });

  it("lists skipped files and exceptions, and stays under GitHub's 65,535-character summary limit", () => {
    const skipped = Array.from({ length: 500 }, (_, i) => ({
      path: `x/${"p".repeat(200)}${i}.yaml`,
      reason: "binary",
    }));
    const suppressed = findings.map((f) => ({ ...f, reason: "legacy, tracked in OPS-12" }));
    const rules = Array.from({ length: 3_000 }, (_, i) => ({
      ...findings[0]!,
      rule: "admission-policy",
      policy: `p-${"x".repeat(100)}-${i}`,
    }));
    const out = renderCheckRun(
      input({ findings: rules, files: { reviewed: 3, skipped }, suppressed }),
    );
    expect(out.summary.length).toBeLessThanOrEqual(65_535);
    expect(out.summary).toContain("… 2900 more");
    expect(out.summary).toContain("Not reviewed (500):");
    expect(out.summary).toContain("- … 480 more");
    expect(out.summary).toContain(
      `Excepted (4):\n- \`${WORKER_PATH}:21\` resources: legacy, tracked in OPS-12`,
    );
  });
});
