import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { GitHubDashboardIssues } from "../src/adapters/github/dashboard-issues.js";
import { MemoryImageIndex } from "../src/adapters/index-store/memory.js";
import { GitHubGitHost } from "../src/adapters/github/git-host.js";
import { bumpRepository } from "../src/app/bump-repo.js";
import { readIgnoreRules } from "../src/app/dashboard.js";
import { indexRepository } from "../src/app/index-repo.js";
import type { RepoName } from "../src/ports/git-host.js";
import { RequestRecorder } from "../test/e2e/request-recorder.js";
import { describePulls, startBenchWorld } from "./bump-pr-world.js";
import type { BenchWorld } from "./bump-pr-world.js";
import type { Bench, Report } from "./figure.js";
import { naiveRestBump } from "./naive-rest-bump.js";

/**
 * Bump PRs on the GitHub simulator (real Probot installation client, every request validated by
 * the simulator), bumpwarden against the naive REST sequence (naive-rest-bump.ts) in the same run:
 * - round trips per PR: requests the simulator counted, and sequential depth (the longest chain
 *   of requests each started after the previous one finished, from timestamps taken around every
 *   client call while each request takes 50 ms), on a warm index and a cold one (built first);
 * - push → PRs wall time with 50 ms per request, Probot's throttling off (the issue's model);
 * - the same with Probot's default throttling on, as the app runs in production.
 * bumpwarden runs as the worker wires it, reading the dashboard's ignore rules beside its view (one
 * more request than the naive bot, which has no such rules).
 * Scenarios, on the bundled example repository: `one-env` (ghcr.io/acme/worker is only in dev: one
 * PR, with labels and auto-merge) and `three-env` (ghcr.io/acme/api in dev, staging and prod; prod
 * requires staging, so two PRs and prod waits).
 */
const LATENCY_MS = 50;
const RUNS = 7;
const SCENARIOS = [
  { name: "one-env", repository: "ghcr.io/acme/worker", tag: "1.3.0", prs: 1 },
  { name: "three-env", repository: "ghcr.io/acme/api", tag: "1.8.0", prs: 2 },
] as const;
type Scenario = (typeof SCENARIOS)[number];
type Kind = "bumpwarden" | "cold" | "naive";

interface Run {
  wall: number;
  requests: number;
  depth: number;
  repo: RepoName;
}

const FILES = {
  ...exampleFiles(new URL("../examples/gitops/", import.meta.url).pathname),
  "apps/worker/overlays/dev/kustomization.yaml":
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: worker-dev\nresources:\n  - ../../base\nimages:\n  - name: ghcr.io/acme/worker\n    newTag: "1.2.0"\n',
};

function exampleFiles(root: string): Record<string, string> {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) =>
      statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)],
    );
  return Object.fromEntries(walk(root).map((p) => [relative(root, p), readFileSync(p, "utf8")]));
}

let repos = 0;
const recorder = new RequestRecorder();

/** One push of `scenario` into a fresh copy of the repository, timed from the push to the last PR. */
async function run(world: BenchWorld, kind: Kind, scenario: Scenario, settleMs = 0): Promise<Run> {
  const repo = { owner: "acme", name: `gitops-${++repos}` };
  world.sim.human.createRepo({ owner: repo.owner, name: repo.name, files: FILES });
  const index = new MemoryImageIndex();
  if (kind !== "cold")
    await indexRepository(new GitHubGitHost(world.client), index, world.installationId, repo);
  await sleep(settleMs);
  const client = recorder.wrap(world.client);
  recorder.reset();
  world.sim.counts.reset();
  world.sim.inject.latency(LATENCY_MS);
  const start = performance.now();
  let opened: number;
  if (kind === "naive") {
    const known = await index.getRepo(world.installationId, `${repo.owner}/${repo.name}`);
    const paths = Object.entries(known?.files ?? {}).flatMap(([path, refs]) =>
      refs.some((r) => r.repository === scenario.repository) ? [path] : [],
    );
    const result = await naiveRestBump(client, {
      repo,
      defaultBranch: known?.defaultBranch ?? "main",
      repository: scenario.repository,
      tag: scenario.tag,
      paths,
      now: new Date(),
    });
    opened = result.pullRequests.length;
  } else {
    const host = new GitHubGitHost(client);
    if (kind === "cold") await indexRepository(host, index, world.installationId, repo);
    const outcome = await bumpRepository(
      {
        installationId: world.installationId,
        repo,
        repository: scenario.repository,
        tag: scenario.tag,
        digest: null,
      },
      {
        host,
        index,
        clock: { now: () => new Date() },
        evidence: async () => ({}),
        ignores: (r) => readIgnoreRules(new GitHubDashboardIssues(client), r), // as the worker wires it
      },
    );
    opened = outcome.outcomes.filter((o) => o.kind === "open").length;
  }
  const wall = performance.now() - start;
  world.sim.inject.clear();
  if (opened !== scenario.prs)
    throw new Error(`${kind} opened ${opened} PRs for ${scenario.name}, expected ${scenario.prs}`);
  return { wall, requests: world.sim.counts.total(), depth: recorder.depth(), repo };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function unthrottled(report: Report): Promise<void> {
  const world = await startBenchWorld(false);
  try {
    for (const scenario of SCENARIOS) {
      const runs: Record<Kind, Run[]> = { bumpwarden: [], cold: [], naive: [] };
      for (let i = 0; i < RUNS + 1; i++)
        for (const kind of ["bumpwarden", "naive", "cold"] as const)
          runs[kind].push(await run(world, kind, scenario));
      const [bw, naive] = [runs.bumpwarden[0], runs.naive[0]];
      if (!bw || !naive) throw new Error("no runs");
      const same = describePulls(world.sim, bw.repo);
      if (same !== describePulls(world.sim, naive.repo))
        throw new Error(
          `the naive sequence opened different PRs:\n${same}\n---\n${describePulls(world.sim, naive.repo)}`,
        );
      const timed = (kind: Kind) => runs[kind].slice(1); // the first pair is the JIT warm-up
      const per = (kind: Kind, key: "requests" | "depth") =>
        median(timed(kind).map((r) => r[key])) / scenario.prs;
      const wall = (kind: Kind) => median(timed(kind).map((r) => r.wall));
      const stepsByClock = (kind: Kind) => (wall(kind) / LATENCY_MS).toFixed(1);
      const base = `${scenario.name}: ${scenario.prs} PR${scenario.prs > 1 ? "s" : ""}, identical to the naive sequence's`;
      const figure = (name: string, value: number, baseline: number, unit: string, note: string) =>
        report({
          name: `bump-pr.${name}.${scenario.name}`,
          value,
          baseline,
          ratio: value / baseline,
          unit,
          note,
        });

      figure(
        "requests-per-pr.warm",
        per("bumpwarden", "requests"),
        per("naive", "requests"),
        "requests",
        `${base}; simulator's count; baseline: naive REST`,
      );
      figure(
        "sequential-per-pr.warm",
        per("bumpwarden", "depth"),
        per("naive", "depth"),
        "requests",
        `${base}; target <= 3; wall/latency: ${stepsByClock("bumpwarden")} vs ${stepsByClock("naive")} per push; baseline: naive REST`,
      );
      figure(
        "requests-per-pr.cold",
        per("cold", "requests"),
        per("bumpwarden", "requests"),
        "requests",
        `${base}; index built first (view + tree + reads); baseline: warm index`,
      );
      figure(
        "sequential-per-pr.cold",
        per("cold", "depth"),
        per("bumpwarden", "depth"),
        "requests",
        `${base}; wall/latency: ${stepsByClock("cold")}; baseline: warm index`,
      );
      figure(
        "latency-50ms",
        wall("bumpwarden"),
        wall("naive"),
        "ms",
        `${base}; push to last PR, ${LATENCY_MS} ms per request, median of ${RUNS}; baseline: naive REST`,
      );
      if (scenario.prs > 1)
        figure(
          "latency-50ms-per-pr",
          wall("bumpwarden") / scenario.prs,
          wall("naive") / scenario.prs,
          "ms",
          `${base}; baseline: naive REST`,
        );
    }
  } finally {
    await world.close();
  }
}

/** Probot's default throttling queues GraphQL and writes 1 s apart (3 s for PR creation) per installation. */
async function throttled(report: Report): Promise<void> {
  const world = await startBenchWorld(true);
  try {
    for (const scenario of SCENARIOS) {
      // Each run starts once the throttle windows of the setup (and the previous run) have passed.
      const bw = await run(world, "bumpwarden", scenario, 3_100);
      const naive = await run(world, "naive", scenario, 3_100);
      report({
        name: `bump-pr.latency-probot-throttle.${scenario.name}`,
        value: bw.wall,
        baseline: naive.wall,
        ratio: bw.wall / naive.wall,
        unit: "ms",
        note: `${scenario.name}: ${scenario.prs} PR(s), ${LATENCY_MS} ms per request, Probot's default Octokit (one run each); requests ${bw.requests} vs ${naive.requests}; baseline: naive REST`,
      });
    }
  } finally {
    await world.close();
  }
}

const bench: Bench = async (report) => {
  await unthrottled(report);
  await throttled(report);
};

export default bench;
