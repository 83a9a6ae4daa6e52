import { readFileSync } from "node:fs";
import { Octokit } from "@octokit/rest";
import { diffText, formatPatch } from "../sim/github/diff.js";
import { startGitHubSimulator } from "../sim/github/index.js";
import { GitHubReviewHost } from "../src/adapters/github/review-host.js";
import { reviewPullRequest } from "../src/app/review-pr.js";
import { parseConfig } from "../src/core/config/load.js";
import { lint } from "../src/core/review/engine.js";
import { renderCheckRun } from "../src/core/review/report/check-run.js";
import { diffMap } from "../src/core/review/report/diff.js";
import { planReview } from "../src/core/review/report/plan.js";
import { systemClock } from "../src/ports/clock.js";
import type { Bench } from "./figure.js";
import { compare } from "./figure.js";

/**
 * The PR review's own cost, next to the lint it reports:
 * - `review-report-1000-files`: diff mapping, reconciliation and check-run rendering of a
 *   1,000-file PR's findings, against linting those files (the work it reports on).
 * - `review-rerun-200-files`: a whole review through the GitHub simulator (config, threads, files,
 *   texts, review, check run in batches) of a 200-file PR already reviewed once, against linting
 *   the same files in process: the overhead of talking to GitHub.
 */
const WORKER = readFileSync(
  new URL("../test/core/review/report/fixtures/worker.yaml", import.meta.url),
  "utf8",
);
const CONFIG = 'review:\n  allowedRegistries: ["ghcr.io/acme", "docker.io/library"]\n';

const prFiles = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    path: `apps/worker-${i}/overlays/dev/worker.yaml`,
    text: WORKER.replace(/worker/g, `worker-${i}`),
  }));

const bench: Bench = async (report) => {
  const parsed = parseConfig(CONFIG);
  if (!parsed.ok) throw new Error("bench config");
  const config = parsed.value;

  const files = prFiles(1000);
  const pulls = files.map((f) => ({
    path: f.path,
    status: "added" as const,
    patch: formatPatch(diffText("", f.text)),
  }));
  const findings = lint(files, { config }).findings;
  let posted = 0;
  const reporting = await compare(
    () => {
      const plan = planReview({ findings, diff: diffMap(pulls), threads: [], maxInline: 20 });
      const out = renderCheckRun({
        findings,
        annotations: plan.annotations,
        mode: "protect",
        inline: { posted: plan.post.length, kept: 0, resolved: 0, overCap: plan.overCap, max: 20 },
        files: { reviewed: files.length, skipped: [] },
      });
      posted = plan.post.length + out.batches.length;
    },
    () => lint(files, { config }),
    5,
  );
  report({
    name: "review-report-1000-files",
    value: reporting.value,
    unit: "ms",
    baseline: reporting.baseline,
    ratio: reporting.ratio,
    note: `${findings.length} findings → ${posted} comments + annotation batches; baseline = linting the 1,000 files`,
  });

  const sim = await startGitHubSimulator();
  try {
    const inst = sim.human.installApp({ account: "acme" });
    sim.human.createRepo({
      owner: "acme",
      name: "gitops",
      files: { ".github/bumpwarden.yml": CONFIG },
    });
    const small = prFiles(200);
    sim.human.push(
      "acme/gitops",
      "workers",
      Object.fromEntries(small.map((f) => [f.path, f.text])),
    );
    const number = sim.human.openPullRequest("acme/gitops", {
      head: "workers",
      title: "Add workers",
    });
    const jwt = ["{}", JSON.stringify({ iss: sim.state.app.id })].map((p) =>
      Buffer.from(p).toString("base64url"),
    );
    const app = new Octokit({ baseUrl: sim.url, auth: `${jwt.join(".")}.c2ln` });
    const { data } = await app.rest.apps.createInstallationAccessToken({
      installation_id: inst.id,
    });
    const host = new GitHubReviewHost(new Octokit({ baseUrl: sim.url, auth: data.token }));
    const headSha = sim.human.repo("acme/gitops").refs.get("refs/heads/workers") ?? "";
    const target = { owner: "acme", name: "gitops", number, headSha };
    await reviewPullRequest(target, { host, clock: systemClock });
    sim.counts.reset();
    await reviewPullRequest(target, { host, clock: systemClock });
    const requests = Object.entries(sim.counts.snapshot())
      .filter(([k]) => !k.startsWith("graphql "))
      .reduce((n, [, v]) => n + v, 0);
    const rerun = await compare(
      () => reviewPullRequest(target, { host, clock: systemClock }),
      () => lint(small, { config }),
      5,
    );
    report({
      name: "review-rerun-200-files",
      value: rerun.value,
      unit: "ms",
      baseline: rerun.baseline,
      ratio: rerun.ratio,
      note: `${requests} HTTP requests per run (nothing new to post); baseline = linting the 200 files in process`,
    });
  } finally {
    await sim.close();
  }
};
export default bench;
