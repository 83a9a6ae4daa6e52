import { Octokit } from "@octokit/rest";
import { startGitHubSimulator, type GitHubSimulator } from "../sim/github/index.js";
import type { Bench } from "./figure.js";
import { compare } from "./figure.js";

/**
 * The GitHub simulator under the load `npm run demo`/e2e tests put on it: one bump-PR cycle
 * (branch, verified commit, PR, files, review with an inline comment, check run: 6 requests)
 * against 6 plain `GET /repos/{owner}/{repo}` (the HTTP + validation floor), and the same cycle
 * once the repository already holds hundreds of pull requests (does it stay flat?).
 */
const FILES = 200;
const BACKLOG = 300;
const repo = { owner: "acme", repo: "gitops" };

function gitopsFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) {
    files[`apps/app-${i}/overlays/dev/kustomization.yaml`] =
      `images:\n  - name: ghcr.io/acme/app-${i}\n    newTag: 1.0.${i}\n`;
  }
  return files;
}

async function setup(): Promise<{ sim: GitHubSimulator; octokit: Octokit; repoId: string }> {
  const sim = await startGitHubSimulator();
  const inst = sim.human.installApp({ account: "acme" });
  sim.human.createRepo({ owner: "acme", name: "gitops", files: gitopsFiles() });
  const jwt = ["{}", JSON.stringify({ iss: sim.state.app.id })].map((p) =>
    Buffer.from(p).toString("base64url"),
  );
  const app = new Octokit({ baseUrl: sim.url, auth: `${jwt.join(".")}.c2ln` });
  const { data } = await app.rest.apps.createInstallationAccessToken({ installation_id: inst.id });
  const octokit = new Octokit({ baseUrl: sim.url, auth: data.token });
  const { repository } = await octokit.graphql<{ repository: { id: string } }>(
    `{ repository(owner: "acme", name: "gitops") { id } }`,
  );
  return { sim, octokit, repoId: repository.id };
}

let cycle = 0;

async function bumpCycle(octokit: Octokit, repoId: string): Promise<void> {
  const n = cycle++;
  const branch = `bumpwarden/dev/app-${n % FILES}-${n}`;
  const path = `apps/app-${n % FILES}/overlays/dev/kustomization.yaml`;
  const q = await octokit.graphql<{
    repository: { defaultBranchRef: { target: { oid: string } } };
  }>(`{ repository(owner: "acme", name: "gitops") { defaultBranchRef { target { oid } } } }`);
  const head = q.repository.defaultBranchRef.target.oid;
  await octokit.graphql(
    `mutation($ref: CreateRefInput!, $commit: CreateCommitOnBranchInput!) { createRef(input: $ref) { ref { id } } createCommitOnBranch(input: $commit) { commit { oid } } }`,
    {
      ref: { repositoryId: repoId, name: `refs/heads/${branch}`, oid: head },
      commit: {
        branch: { repositoryNameWithOwner: "acme/gitops", branchName: branch },
        expectedHeadOid: head,
        message: { headline: `chore(deps): bump app-${n} to 2.0.${n}` },
        fileChanges: {
          additions: [
            {
              path,
              contents: Buffer.from(
                `images:\n  - name: ghcr.io/acme/app\n    newTag: 2.0.${n}\n`,
              ).toString("base64"),
            },
          ],
        },
      },
    },
  );
  const pr = await octokit.rest.pulls.create({
    ...repo,
    head: branch,
    base: "main",
    title: `chore(deps): bump app-${n}`,
  });
  const files = await octokit.rest.pulls.listFiles({ ...repo, pull_number: pr.data.number });
  await octokit.rest.pulls.createReview({
    ...repo,
    pull_number: pr.data.number,
    event: "COMMENT",
    body: "review",
    comments: [{ path, line: 3, body: "pin a digest" }],
  });
  if (files.data.length !== 1)
    throw new Error(`expected one changed file, got ${files.data.length}`);
  await octokit.rest.checks.create({
    ...repo,
    name: "bumpwarden",
    head_sha: pr.data.head.sha,
    conclusion: "success",
    output: { title: "ok", summary: "ok" },
  });
}

async function floor(octokit: Octokit): Promise<void> {
  for (let i = 0; i < 6; i++) await octokit.rest.repos.get(repo);
}

const bench: Bench = async (report) => {
  const { sim, octokit, repoId } = await setup();
  try {
    for (let i = 0; i < 10; i++) await bumpCycle(octokit, repoId); // JIT warm-up
    const fresh = await compare(
      () => bumpCycle(octokit, repoId),
      () => floor(octokit),
      15,
    );
    report({
      name: "github-sim.bump-pr-cycle",
      unit: "ms",
      ...fresh,
      note: `6 requests, repo of ${FILES} files; baseline: 6 GET /repos/{owner}/{repo}`,
    });
    for (let i = 0; i < BACKLOG; i++) await bumpCycle(octokit, repoId);
    const loaded = await compare(
      () => bumpCycle(octokit, repoId),
      async () => bumpCycle(octokit, repoId),
      9,
    );
    const freshCycle = fresh.value;
    report({
      name: "github-sim.bump-pr-cycle-with-backlog",
      unit: "ms",
      value: loaded.value,
      baseline: freshCycle,
      ratio: loaded.value / freshCycle,
      note: `after ${BACKLOG} more open PRs; baseline: the same cycle on a fresh repo`,
    });
    if (sim.violations.length || sim.crashes.length)
      throw new Error(
        `simulator saw ${sim.violations.length} invalid requests, ${sim.crashes.length} crashes`,
      );
  } finally {
    await sim.close();
  }
};

export default bench;
