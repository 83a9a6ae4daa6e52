import { createHmac, randomUUID } from "node:crypto";
import { expect } from "vitest";
import { WEBHOOK_SECRET } from "../../sim/app-world.js";
import type { AppWorld } from "../../sim/app-world.js";
import type { GitHubSimulator } from "../../sim/github/index.js";
import { parseMarker } from "../../src/core/pr/marker.js";
import type { BumpMarker } from "../../src/core/pr/marker.js";

/** What the reliability tests read back from the simulated GitHub: the app's PRs and branches. */
export interface BumpPull {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  head: string;
  title: string;
  labels: string[];
  marker: BumpMarker | undefined;
}

export const BRANCH_PREFIX = "bumpwarden/";

export function bumpPulls(sim: GitHubSimulator, fullName: string): BumpPull[] {
  const repo = sim.human.repo(fullName);
  return [...repo.pulls.values()]
    .filter((p) => p.head.startsWith(BRANCH_PREFIX))
    .map((p) => {
      const issue = repo.issues.get(p.number);
      return {
        number: p.number,
        state: issue?.state ?? "open",
        merged: p.merged,
        head: p.head,
        title: issue?.title ?? "",
        labels: issue?.labels ?? [],
        marker: parseMarker(issue?.body),
      };
    })
    .sort((a, b) => a.head.localeCompare(b.head));
}

export function bumpBranches(sim: GitHubSimulator, fullName: string): string[] {
  return [...sim.human.repo(fullName).refs.keys()]
    .filter((r) => r.startsWith(`refs/heads/${BRANCH_PREFIX}`))
    .map((r) => r.slice("refs/heads/".length))
    .sort();
}

/** The commits a branch has on top of the default branch's head, newest first. */
export function ownCommits(
  sim: GitHubSimulator,
  fullName: string,
  branch: string,
): Array<{ sha: string; message: string; author: string }> {
  const repo = sim.human.repo(fullName);
  const base = repo.refs.get(`refs/heads/${repo.defaultBranch}`);
  const out: Array<{ sha: string; message: string; author: string }> = [];
  let sha = repo.refs.get(`refs/heads/${branch}`);
  while (sha && sha !== base && out.length < 50) {
    const commit = repo.git.commit(sha);
    if (!commit) break;
    out.push({ sha, message: commit.message, author: commit.author.name });
    sha = commit.parents[0];
  }
  return out;
}

/**
 * The invariants every test here ends with: each bump branch has exactly one PR and each bump PR
 * its branch (no orphan, no duplicate), each branch holds exactly one commit, the bot's.
 */
export function expectTidyBranches(sim: GitHubSimulator, fullName: string): void {
  const pulls = bumpPulls(sim, fullName);
  const branches = bumpBranches(sim, fullName);
  expect(
    pulls.map((p) => p.head),
    "one PR per bump branch",
  ).toEqual(branches);
  expect(
    new Set(pulls.map((p) => `${p.marker?.image ?? "?"}@${p.marker?.env ?? "?"}`)).size,
    "one PR per image and environment",
  ).toBe(pulls.length);
  for (const branch of branches) {
    const commits = ownCommits(sim, fullName, branch);
    expect(
      commits.map((c) => c.author),
      `${branch} holds exactly the bot's one commit`,
    ).toEqual([`${sim.state.bot.login}`]);
  }
}

/** Sends a GitHub webhook signed as GitHub does, with the delivery id given (a redelivery reuses it). */
export function deliverAs(
  world: AppWorld,
  event: string,
  payload: unknown,
  deliveryId: string = randomUUID(),
): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`${world.url}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": deliveryId,
      "x-hub-signature-256": `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`,
    },
    body,
  });
}

/** Posts a registry webhook to `/hooks/<path>` with the headers given. */
export function postHook(
  world: AppWorld,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<Response> {
  return fetch(`${world.url}/hooks/${path}`, { method: "POST", headers, body });
}

/**
 * A GitOps repository using `images` (normalized, host included) as kustomize overlays, one file
 * per image and environment, every one at `tag` (default 1.0.0).
 */
export function generatedGitops(
  images: readonly string[],
  options: { environments?: readonly string[]; tag?: string; policy?: string } = {},
): Record<string, string> {
  const environments = options.environments ?? ["dev", "staging"];
  const files: Record<string, string> = {
    ".github/bumpwarden.yml": [
      "environments:",
      ...environments.map((e) => `  ${e}: ["apps/*/overlays/${e}/**"]`),
      ...(options.policy ? ["images:", '  - match: "**"', `    policy: ${options.policy}`] : []),
      "pullRequests:",
      "  labels: [dependencies]",
      "",
    ].join("\n"),
  };
  for (const image of images) {
    const app = image.slice(image.lastIndexOf("/") + 1);
    for (const env of environments)
      files[`apps/${app}/overlays/${env}/kustomization.yaml`] = [
        "apiVersion: kustomize.config.k8s.io/v1beta1",
        "kind: Kustomization",
        `namespace: ${app}-${env}`,
        "images:",
        `  - name: ${image}`,
        `    newTag: "${options.tag ?? "1.0.0"}"`,
        "",
      ].join("\n");
  }
  return files;
}

export const elapsed = (start: number): string =>
  `${((performance.now() - start) / 1000).toFixed(1)} s`;
