import { describe, expect, it } from "vitest";
import { followLine } from "../../../../sim/github/diff.js";
import { parseFindingMarker } from "../../../../src/core/review/report/marker.js";
import { matchThreads } from "../../../../src/core/review/report/match.js";
import type { BotThread } from "../../../../src/core/review/report/match.js";
import { planReview } from "../../../../src/core/review/report/plan.js";
import type { Finding } from "../../../../src/core/review/finding.js";
import { diffOf, lintText } from "./helpers.js";

const PATH = "services/shop/Dockerfile";
const HEADER = "# syntax=docker/dockerfile:1\n";
/** A build stage on `node:latest`: every copy has the same `FROM` line, so the same fingerprint. */
const stage = (name: string) =>
  `# ${name}\nFROM node:latest\nWORKDIR /src/${name}\nRUN npm ci && npm run build\n\n`;
const FINAL = `FROM docker.io/library/node:22-slim@sha256:${"a".repeat(64)}
COPY --from=0 /src/web/dist /app/web
USER node
ENTRYPOINT ["node", "/app/web/server.js"]
`;
const dockerfile = (...stages: string[]) => HEADER + stages.map(stage).join("") + FINAL;
const pinned = (text: string) =>
  lintText(PATH, text).filter((f) => f.rule === "dockerfile-base-pinned");

/**
 * The PR adds the Dockerfile as `before`, bumpwarden reviews it, then a push makes it `after`:
 * the threads as GitHub reports them at the new head (each line followed across the push, null
 * once it is gone) and the plan for the new head.
 */
function push(before: string, after: string) {
  const first = planReview({
    findings: lintText(PATH, before),
    diff: diffOf(PATH, null, before),
    threads: [],
    maxInline: 50,
  });
  const threads: BotThread[] = first.post.map((c, i) => ({
    id: `T${i}:${c.line}`,
    resolved: false,
    fingerprint: parseFindingMarker(c.body) ?? "",
    line: followLine(before.split("\n"), after.split("\n"), c.line),
    body: c.body,
  }));
  const findings = lintText(PATH, after);
  const plan = planReview({ findings, diff: diffOf(PATH, null, after), threads, maxInline: 50 });
  return { first, threads, findings, plan };
}

const lines = (fs: readonly Finding[]) => fs.map((f) => f.line);
const rules = (fs: readonly Finding[]) => fs.map((f) => [f.line, f.rule]);

describe("identical findings and their threads", () => {
  it("share one fingerprint", () => {
    const [web, api] = pinned(dockerfile("web", "api"));
    expect([web?.line, api?.line]).toEqual([3, 8]);
    expect(web?.fingerprint).toBe(api?.fingerprint);
  });

  it("inserting a copy above an existing one posts once, on the new line, and keeps the old thread", () => {
    const before = dockerfile("api");
    const after = dockerfile("web", "api");
    const { first, threads, plan } = push(before, after);
    expect(rules(first.post.map((c) => c.finding))).toEqual([[3, "dockerfile-base-pinned"]]);
    expect(threads.map((t) => t.line)).toEqual([8]);
    expect(plan.post.map((c) => [c.line, c.finding.rule])).toEqual([[3, "dockerfile-base-pinned"]]);
    expect(plan.resolve).toEqual([]);
    expect(rules(plan.kept)).toEqual([[8, "dockerfile-base-pinned"]]);
  });

  it("removing the first of two resolves the thread of the removed line only", () => {
    const before = dockerfile("web", "api");
    const after = dockerfile("api");
    const { threads, plan } = push(before, after);
    expect(threads.map((t) => [t.id, t.line])).toEqual([
      ["T0:3", null],
      ["T1:8", 3],
    ]);
    expect(plan.post).toEqual([]);
    expect(plan.resolve).toEqual(["T0:3"]);
    expect(lines(plan.kept)).toEqual([3]);
  });

  it("removing the second of two resolves the second's thread", () => {
    const { plan } = push(dockerfile("web", "api"), dockerfile("web"));
    expect(plan.post).toEqual([]);
    expect(plan.resolve).toEqual(["T1:8"]);
    expect(lines(plan.kept)).toEqual([3]);
  });

  it("moving both (lines added above) keeps both threads and posts nothing", () => {
    const before = dockerfile("web", "api");
    const after = before.replace(HEADER, `${HEADER}# Builds the shop: web and api.\n\n`);
    const { threads, plan } = push(before, after);
    expect(threads.map((t) => t.line)).toEqual([5, 10]);
    expect(plan).toMatchObject({ post: [], resolve: [], overCap: 0 });
    expect(lines(plan.kept)).toEqual([5, 10]);
  });

  it("three identical: a third in the middle gets the only new comment", () => {
    const { threads, plan } = push(dockerfile("web", "api"), dockerfile("web", "docs", "api"));
    expect(threads.map((t) => t.line)).toEqual([3, 13]);
    expect(plan.post.map((c) => c.line)).toEqual([8]);
    expect(plan.resolve).toEqual([]);
    expect(lines(plan.kept)).toEqual([3, 13]);
  });

  it("three identical: removing the middle one resolves its thread", () => {
    const { plan } = push(dockerfile("web", "docs", "api"), dockerfile("web", "api"));
    expect(plan.post).toEqual([]);
    expect(plan.resolve).toEqual(["T1:8"]);
    expect(lines(plan.kept)).toEqual([3, 8]);
  });

  it("pairs by nearest line, then message; a thread whose line is gone comes last", () => {
    const [a, b] = pinned(dockerfile("web", "api"));
    if (!a || !b) throw new Error("two findings expected");
    const t = (id: string, line: number | null, body = ""): BotThread => ({
      id,
      resolved: false,
      fingerprint: a.fingerprint,
      line,
      body,
    });
    const far = matchThreads([a, b], [t("lost", null), t("near-b", 9), t("near-a", 1)]);
    expect([far.matched.get(a)?.id, far.matched.get(b)?.id]).toEqual(["near-a", "near-b"]);
    expect(far.unmatched.map((u) => u.id)).toEqual(["lost"]);
    // Equal distance: the thread that says the finding's message wins over the earlier one.
    const other = { ...a, message: "another check of the same line" };
    const tie = matchThreads([a, other], [t("first", 3, "x"), t("says-it", 3, other.message)]);
    expect(tie.matched.get(other)?.id).toBe("says-it");
    expect(tie.matched.get(a)?.id).toBe("first");
  });
});

describe("markers posted before identical findings shared a fingerprint", () => {
  // Computed by the previous release (occurrence index in the hash) for dockerfile("web", "api").
  const OLD = { web: "bedc53eb4da41051c60a", api: "adf162697fe221ac7515" };

  it("are recognized: the first copy's is today's fingerprint, the second's its legacy one", () => {
    const [web, api] = pinned(dockerfile("web", "api"));
    expect([web?.fingerprint, web?.legacyFingerprint]).toEqual([OLD.web, undefined]);
    expect([api?.fingerprint, api?.legacyFingerprint]).toEqual([OLD.web, OLD.api]);
  });

  it("still match after a push that inserts a copy above: one new comment, no thread resolved", () => {
    const after = dockerfile("docs", "web", "api");
    const threads: BotThread[] = [
      { id: "old-web", resolved: false, fingerprint: OLD.web, line: 8, body: "" },
      { id: "old-api", resolved: false, fingerprint: OLD.api, line: 13, body: "" },
    ];
    const plan = planReview({
      findings: lintText(PATH, after),
      diff: diffOf(PATH, null, after),
      threads,
      maxInline: 50,
    });
    expect(plan.post.map((c) => [c.line, c.finding.rule])).toEqual([[3, "dockerfile-base-pinned"]]);
    expect(plan.resolve).toEqual([]);
  });

  it("an old second-copy marker whose copy is gone is resolved", () => {
    const after = dockerfile("web");
    const plan = planReview({
      findings: lintText(PATH, after),
      diff: diffOf(PATH, null, after),
      threads: [
        { id: "old-web", resolved: false, fingerprint: OLD.web, line: 3, body: "" },
        { id: "old-api", resolved: false, fingerprint: OLD.api, line: null, body: "" },
      ],
      maxInline: 50,
    });
    expect(plan.post).toEqual([]);
    expect(plan.resolve).toEqual(["old-api"]);
  });
});
