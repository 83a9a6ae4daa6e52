import { describe, expect, it } from "vitest";
import type { Finding } from "../../../../src/core/review/finding.js";
import { parseFindingMarker } from "../../../../src/core/review/report/marker.js";
import { planReview } from "../../../../src/core/review/report/plan.js";
import type { BotThread } from "../../../../src/core/review/report/plan.js";
import { WORKER_PATH, diffOf, lintText, workerYaml } from "./helpers.js";

const threadsOf = (posted: Array<{ body: string; line: number }>, resolved = false): BotThread[] =>
  posted.map((c, i) => ({
    id: `T${i}`,
    resolved,
    fingerprint: parseFindingMarker(c.body) ?? "",
    line: c.line,
    body: c.body,
  }));

describe("planReview on a new Deployment", () => {
  const text = workerYaml();
  const findings = lintText(WORKER_PATH, text);
  const diff = diffOf(WORKER_PATH, null, text);

  it("comments once on each finding's line, with a suggestion only where the fix is mechanical", () => {
    const plan = planReview({ findings, diff, threads: [], maxInline: 20 });
    expect(plan.post.map((c) => [c.line, c.finding.rule, c.suggestion !== undefined])).toEqual([
      [21, "resources", false],
      [22, "image-latest", false],
      [32, "image-registry", false],
      [41, "read-only-root-fs", true],
    ]);
    expect(plan.annotations).toEqual([]);
    const ro = plan.post[3]?.body ?? "";
    expect(ro).toContain("```suggestion\n            readOnlyRootFilesystem: true\n```");
    expect(ro).toContain(
      "(https://github.com/bumpwarden/bumpwarden/blob/main/docs/rules.md#read-only-root-fs-warning)",
    );
    expect(plan.post[1]?.body.split("\n")[0]).toBe(
      '**error** [image-latest](https://github.com/bumpwarden/bumpwarden/blob/main/docs/rules.md#image-latest-error): ghcr.io/acme/worker:latest uses "latest", which changes under you; pin a version',
    );
    for (const c of plan.post) expect(parseFindingMarker(c.body)).toBe(c.finding.fingerprint);
  });

  it("posts nothing and resolves nothing when run again on the same findings", () => {
    const first = planReview({ findings, diff, threads: [], maxInline: 20 });
    const again = planReview({ findings, diff, threads: threadsOf(first.post), maxInline: 20 });
    expect(again.post).toEqual([]);
    expect(again.resolve).toEqual([]);
    expect(again.kept).toHaveLength(4);
  });

  it("keeps fingerprints across a push that only moves the findings, so nothing is re-posted", () => {
    const first = planReview({ findings, diff, threads: [], maxInline: 20 });
    const shifted = text.replace(
      "metadata:\n  name: worker\n",
      "metadata:\n  name: worker\n  annotations:\n    team: payments\n    owner: ops\n",
    );
    const moved = lintText(WORKER_PATH, shifted);
    expect(moved.map((f) => f.line)).toEqual(findings.map((f) => f.line + 3));
    expect(moved.map((f) => f.fingerprint)).toEqual(findings.map((f) => f.fingerprint));
    const plan = planReview({
      findings: moved,
      diff: diffOf(WORKER_PATH, text, shifted),
      threads: threadsOf(first.post),
      maxInline: 20,
    });
    expect(plan).toMatchObject({ post: [], resolve: [], overCap: 0 });
  });

  it("resolves the thread of a fixed finding and posts only what is new", () => {
    const first = planReview({ findings, diff, threads: [], maxInline: 20 });
    const fixed = text
      .replace("ghcr.io/acme/worker:latest", "ghcr.io/acme/worker:1.4.2")
      .replace(
        "port: 8080 }\n          securityContext:",
        "port: 8080 }\n          securityContext:\n            privileged: true",
      );
    const next = lintText(WORKER_PATH, fixed);
    const plan = planReview({
      findings: next,
      diff: diffOf(WORKER_PATH, text, fixed),
      threads: threadsOf(first.post),
      maxInline: 20,
    });
    expect(plan.resolve).toEqual(["T1"]); // image-latest
    expect(plan.post.map((c) => c.finding.rule)).toEqual(["privileged"]);
    expect(plan.post[0]?.suggestion).toBe("            privileged: false");
    expect(plan.kept.map((f) => f.rule)).toEqual([
      "resources",
      "image-registry",
      "read-only-root-fs",
    ]);
  });

  it("does not re-post a finding whose thread a person resolved; the check run shows it", () => {
    const first = planReview({ findings, diff, threads: [], maxInline: 20 });
    const threads = threadsOf(first.post).map((t, i) => ({ ...t, resolved: i === 0 }));
    const plan = planReview({ findings, diff, threads, maxInline: 20 });
    expect(plan.post).toEqual([]);
    expect(plan.resolve).toEqual([]);
    expect(plan.annotations.map((f) => f.rule)).toEqual(["resources"]);
  });

  it("resolves a second open thread for the same finding", () => {
    const first = planReview({ findings, diff, threads: [], maxInline: 20 });
    const threads = threadsOf(first.post);
    const dup = {
      id: "T9",
      resolved: false,
      fingerprint: threads[0]?.fingerprint ?? "",
      line: null,
      body: "",
    };
    expect(
      planReview({ findings, diff, threads: [...threads, dup], maxInline: 20 }).resolve,
    ).toEqual(["T9"]);
  });

  it("puts findings outside the added lines in the check run", () => {
    const withLatest = text;
    const before = text.replace("statsd-exporter:v0.26.0", "statsd-exporter:v0.25.0");
    const plan = planReview({
      findings,
      diff: diffOf(WORKER_PATH, before, withLatest),
      threads: [],
      maxInline: 20,
    });
    expect(plan.post.map((c) => c.finding.rule)).toEqual(["image-registry"]);
    expect(plan.annotations.map((f) => f.rule)).toEqual([
      "resources",
      "image-latest",
      "read-only-root-fs",
    ]);
  });

  it("comments nothing inline on a draft", () => {
    const plan = planReview({ findings, diff, threads: [], maxInline: 20, inline: false });
    expect(plan.post).toEqual([]);
    expect(plan.annotations).toHaveLength(4);
  });
});

describe("the inline cap", () => {
  const many = Array.from({ length: 30 }, (_, i) =>
    workerYaml()
      .replace(/worker/g, `worker-${i}`)
      .replace("statsd-exporter", `exporter-${i}`),
  ).join("---\n");
  const path = "apps/many/overlays/dev/many.yaml";
  const findings = lintText(path, many);
  const diff = diffOf(path, null, many);

  it("comments the most severe first, and the rest become annotations", () => {
    expect(findings).toHaveLength(120);
    const plan = planReview({ findings, diff, threads: [], maxInline: 20 });
    expect(plan.post).toHaveLength(20);
    expect(plan.post.every((c) => c.finding.severity === "error")).toBe(true);
    expect(plan.overCap).toBe(100);
    expect(plan.annotations).toHaveLength(100);
    const shown = new Set(
      [...plan.post.map((c) => c.finding), ...plan.annotations].map((f) => f.fingerprint),
    );
    expect(shown.size).toBe(120);
  });

  it("counts open threads against the cap, so a re-run adds nothing", () => {
    const first = planReview({ findings, diff, threads: [], maxInline: 20 });
    const again = planReview({ findings, diff, threads: threadsOf(first.post), maxInline: 20 });
    expect(again.post).toEqual([]);
    expect(again.kept).toHaveLength(20);
    expect(again.annotations).toHaveLength(100);
  });

  it("uses the room a fixed finding frees", () => {
    const first = planReview({ findings, diff, threads: [], maxInline: 20 });
    const gone = first.post[0]?.finding.fingerprint;
    const rest = findings.filter((f) => f.fingerprint !== gone);
    const plan = planReview({
      findings: rest,
      diff,
      threads: threadsOf(first.post),
      maxInline: 20,
    });
    expect(plan.resolve).toEqual(["T0"]);
    expect(plan.post).toHaveLength(1);
    expect(plan.post[0]?.finding.severity).toBe("error");
  });

  it("maxInlineComments 0 sends everything to the check run", () => {
    const plan = planReview({ findings, diff, threads: [], maxInline: 0 });
    expect(plan.post).toEqual([]);
    expect(plan.annotations).toHaveLength(120);
  });
});

describe("suggestions", () => {
  const finding = (over: Partial<Finding>): Finding => ({
    file: "a.yaml",
    line: 5,
    column: 3,
    rule: "privileged",
    severity: "error",
    message: "container is privileged",
    fingerprint: "0123456789abcdef0123",
    ...over,
  });
  const diff = new Map([
    [
      "a.yaml",
      {
        path: "a.yaml",
        status: "modified" as const,
        added: new Set([5, 6]),
        commentable: new Map([
          [3, 0],
          [4, 0],
          [5, 0],
          [6, 0],
          [7, 0],
          [20, 1],
        ]),
      },
    ],
  ]);
  const plan = (f: Finding) =>
    planReview({ findings: [f], diff, threads: [], maxInline: 5 }).post[0];

  it("spans a multi-line fix with start_line when it covers the finding", () => {
    const p = plan(finding({ fix: { line: 4, endLine: 6, text: "a\nb\nc" } }));
    expect(p).toMatchObject({ line: 6, startLine: 4, suggestion: "a\nb\nc" });
  });
  it("drops the suggestion when the fix leaves the hunk or misses the finding's line", () => {
    expect(plan(finding({ fix: { line: 5, endLine: 20, text: "x" } }))).toMatchObject({ line: 5 });
    expect(plan(finding({ fix: { line: 5, endLine: 20, text: "x" } }))?.suggestion).toBeUndefined();
    expect(plan(finding({ fix: { line: 6, endLine: 6, text: "x" } }))?.suggestion).toBeUndefined();
  });
  it("fences a suggestion that holds backticks with a longer fence", () => {
    const p = plan(finding({ fix: { line: 5, endLine: 5, text: "run: ```x```" } }));
    expect(p?.body).toContain("````suggestion\nrun: ```x```\n````");
  });
});
