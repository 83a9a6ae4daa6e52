/**
 * `npm run demo [-- --json]`: the real app end to end on this machine, nothing to configure.
 * A GitHub simulator holds the example GitOps repository (examples/gitops), a stand-in registry
 * holds the new image, a signed registry webhook announces it, and the app opens its bump PRs;
 * then a person opens a PR adding a broken manifest (examples/review-pr) and the app reviews it.
 */
import { pino } from "pino";
import type { ProbotOctokit } from "probot";
import { EXAMPLE_REPO, readTree, startAppWorld } from "../sim/app-world.js";
import type { AppWorld } from "../sim/app-world.js";

interface DemoPr {
  number: number;
  title: string;
  branch: string;
  files: Array<{ filename: string; patch: string }>;
  body: string;
}

interface DemoReview {
  pullRequest: number;
  title: string;
  comments: Array<{ path: string; line: number; body: string }>;
  checks: Array<{
    name: string;
    conclusion: string | null;
    title: string | null;
    summary: string | null;
  }>;
}

const json = process.argv.includes("--json");
const world = await startAppWorld({ log: pino({ level: process.env.LOG_LEVEL ?? "silent" }) });
try {
  const octokit = (await world.probot.auth(world.installationId)) as InstanceType<
    typeof ProbotOctokit
  >;
  const [owner, repo] = ["acme", "gitops"];

  // 1. CI pushed ghcr.io/acme/api:1.8.0 and the registry calls the app's webhook.
  world.pushImage("acme/api", "1.7.1", "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807");
  world.pushImage("acme/api", "1.7.2", "5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928");
  world.pushImage("acme/api", "1.8.0", "3f2a9c1d0e4b5a6978877665544332211ffeeddc");
  const pushed = await world.notifyPush("ghcr.io/acme/api", "1.8.0");
  if (pushed.status !== 202)
    throw new Error(`registry webhook answered ${pushed.status}: ${await pushed.text()}`);
  await world.idle();

  const prs: DemoPr[] = [];
  const { data: open } = await octokit.request("GET /repos/{owner}/{repo}/pulls", {
    owner,
    repo,
    state: "open",
  });
  for (const pr of open.sort((a, b) => a.number - b.number)) {
    const { data: files } = await octokit.request(
      "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
      { owner, repo, pull_number: pr.number },
    );
    prs.push({
      number: pr.number,
      title: pr.title,
      branch: pr.head.ref,
      body: pr.body ?? "",
      files: files.map((f) => ({ filename: f.filename, patch: f.patch ?? "" })),
    });
  }

  // 2. Someone opens a PR adding a manifest that breaks the rules; GitHub tells the app.
  const reviews = [await reviewHumanPr(world, octokit)];

  if (json) process.stdout.write(`${JSON.stringify({ prs, reviews }, null, 2)}\n`);
  else print(prs, reviews);
} finally {
  await world.close();
}

async function reviewHumanPr(
  world: AppWorld,
  octokit: InstanceType<typeof ProbotOctokit>,
): Promise<DemoReview> {
  const [owner, repo] = ["acme", "gitops"];
  const files = readTree(new URL("../examples/review-pr/", import.meta.url).pathname);
  world.github.human.push("acme/gitops", "add-debug-pod", files, {
    author: "octocat",
    message: "feat: add a debug pod",
  });
  const number = world.github.human.openPullRequest("acme/gitops", {
    head: "add-debug-pod",
    title: "feat: add a debug pod",
  });
  const { data: pull } = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
    owner,
    repo,
    pull_number: number,
  });
  const { data: repository } = await octokit.request("GET /repos/{owner}/{repo}", { owner, repo });
  await world.deliver("pull_request", {
    action: "opened",
    number,
    pull_request: pull,
    repository,
    installation: { id: world.installationId },
    sender: pull.user,
  });
  await world.idle();
  const { data: comments } = await octokit.request(
    "GET /repos/{owner}/{repo}/pulls/{pull_number}/comments",
    { owner, repo, pull_number: number },
  );
  const { data: runs } = await octokit.request(
    "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
    { owner, repo, ref: pull.head.sha },
  );
  return {
    pullRequest: number,
    title: pull.title,
    comments: comments.map((c) => ({ path: c.path, line: c.line ?? 0, body: c.body })),
    checks: runs.check_runs.map((r) => ({
      name: r.name,
      conclusion: r.conclusion,
      title: r.output.title,
      summary: r.output.summary,
    })),
  };
}

function print(prs: DemoPr[], reviews: DemoReview[]): void {
  const out: string[] = [];
  const rule = (title: string) =>
    out.push("", `━━ ${title} ${"━".repeat(Math.max(0, 90 - title.length))}`);
  out.push(
    `bumpwarden demo: example repository ${EXAMPLE_REPO.replace(process.cwd() + "/", "")} on a local GitHub simulator`,
  );
  out.push("ghcr.io/acme/api:1.8.0 was pushed and announced by a signed registry webhook.");
  for (const pr of prs) {
    rule(`PR #${pr.number}: ${pr.title}`);
    out.push(`branch: ${pr.branch}`, "");
    for (const f of pr.files) out.push(`--- a/${f.filename}`, `+++ b/${f.filename}`, f.patch);
    out.push("", ...pr.body.split("\n").map((l) => `  │ ${l}`));
  }
  for (const r of reviews) {
    rule(`review of PR #${r.pullRequest}: ${r.title}`);
    for (const c of r.comments)
      out.push(`${c.path}:${c.line}`, ...c.body.split("\n").map((l) => `  │ ${l}`), "");
    for (const c of r.checks)
      out.push(`check ${c.name}: ${c.conclusion ?? "pending"} — ${c.title ?? ""}`);
  }
  out.push(
    "",
    `${prs.length} bump PR(s) opened; ${reviews.reduce((n, r) => n + r.comments.length, 0)} inline review comment(s).`,
    "",
  );
  process.stdout.write(out.join("\n"));
}
