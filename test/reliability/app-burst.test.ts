import { afterEach, describe, expect, it } from "vitest";
import { startAppWorld } from "../../sim/app-world.js";
import type { AppWorld } from "../../sim/app-world.js";
import { ValidatedProbotOctokit } from "../harness/octokit.js";
import {
  bumpBranches,
  bumpPulls,
  elapsed,
  expectTidyBranches,
  generatedGitops,
  ownCommits,
} from "./app-helpers.js";

/**
 * Bursts through the whole app (signed webhooks over HTTP → queue → workers → simulated GitHub):
 * identical deliveries collapse into one set of PRs, and many images landing on one repository at
 * once lose no update although every write to it is serialized.
 */
let world: AppWorld | undefined;
afterEach(async () => {
  if (!world) return;
  await world.close();
  expect(world.github.violations).toEqual([]);
  expect(world.github.unhandled).toEqual([]);
  expect(world.github.crashes).toEqual([]);
  expect(await world.app.queue.deadLetters()).toEqual([]);
  world = undefined;
});

describe("bursts through the whole app", () => {
  it("10 identical deliveries at once → one PR per environment, one commit each", async () => {
    const start = performance.now();
    world = await startAppWorld({ Octokit: ValidatedProbotOctokit });
    const w = world;
    const digest = w.pushImage("acme/api", "1.8.0");
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => w.notifyPush("ghcr.io/acme/api", "1.8.0", digest)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    const statuses = await Promise.all(
      answers.map(
        async (a) =>
          ((await a.json()) as { accepted: Array<{ status: string }> }).accepted[0]?.status,
      ),
    );
    expect(statuses.filter((s) => s === "queued")).toHaveLength(1);
    expect(statuses.filter((s) => s === "duplicate")).toHaveLength(9);
    await w.idle();

    expect(
      bumpPulls(w.github, w.repo).map((p) => [p.head, p.state, p.marker?.tag, p.marker?.digest]),
    ).toEqual([
      ["bumpwarden/dev/ghcr.io-acme-api", "open", "1.8.0", digest],
      ["bumpwarden/staging/ghcr.io-acme-api", "open", "1.8.0", digest],
    ]);
    expectTidyBranches(w.github, w.repo);
    // One write per environment reached GitHub: the nine copies never got as far as a worker.
    expect(w.github.counts.get("graphql createCommitOnBranch")).toBe(2);
    expect(w.github.counts.get("graphql createPullRequest")).toBe(2);
    console.info(`[reliability] 10 identical deliveries: ${elapsed(start)}`);
  });

  it("20 images of one GitOps repository pushed at once, then newer tags of half of them mid-flight → 20 × 2 PRs at the newest tags, no lost update", async () => {
    const start = performance.now();
    const images = Array.from(
      { length: 20 },
      (_, i) => `acme/svc-${String(i + 1).padStart(2, "0")}`,
    );
    world = await startAppWorld({
      Octokit: ValidatedProbotOctokit,
      files: generatedGitops(
        images.map((i) => `ghcr.io/${i}`),
        { policy: '{ semver: ">=1.0.0" }' },
      ),
      env: { BUMPWARDEN_QUEUE_CONCURRENCY: "8" },
    });
    const w = world;
    for (const image of images)
      expect(await w.app.index.usages(`ghcr.io/${image}`), image).toHaveLength(1);
    // Even-numbered images get a second release while the first wave is being written.
    const newest = (i: number) => (i % 2 === 1 ? `1.${i + 1}.1` : `1.${i + 1}.0`);
    const digests = new Map(images.map((image, i) => [image, w.pushImage(image, `1.${i + 1}.0`)]));
    const answers = await Promise.all(
      images.map((image, i) => w.notifyPush(`ghcr.io/${image}`, `1.${i + 1}.0`)),
    );
    await waitFor(() => w.github.counts.get("graphql createCommitOnBranch") >= 4);
    for (const [i, image] of images.entries())
      if (newest(i) !== `1.${i + 1}.0`) digests.set(image, w.pushImage(image, newest(i)));
    answers.push(
      ...(await Promise.all(
        images.flatMap((image, i) =>
          newest(i) === `1.${i + 1}.0` ? [] : [w.notifyPush(`ghcr.io/${image}`, newest(i))],
        ),
      )),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(202));
    await w.idle(120_000);

    const pulls = bumpPulls(w.github, w.repo);
    const expected = images.flatMap((image, i) =>
      ["dev", "staging"].map((env) => ({
        head: `bumpwarden/${env}/ghcr.io-${image.replace("/", "-")}`,
        tag: newest(i),
        digest: digests.get(image),
        title: `chore(deps): bump ${image} to ${newest(i)} in ${env}`,
      })),
    );
    expect(
      pulls.map((p) => ({
        head: p.head,
        tag: p.marker?.tag,
        digest: p.marker?.digest,
        title: p.title,
      })),
    ).toEqual(expected.sort((a, b) => a.head.localeCompare(b.head)));
    expect(pulls.every((p) => p.state === "open" && p.labels.includes("dependencies"))).toBe(true);
    expectTidyBranches(w.github, w.repo);
    // Each branch changes exactly its own file, to exactly its own tag; main is untouched.
    for (const [i, image] of images.entries()) {
      const app = image.slice(image.indexOf("/") + 1);
      for (const env of ["dev", "staging"]) {
        const branch = `bumpwarden/${env}/ghcr.io-${image.replace("/", "-")}`;
        const file = `apps/${app}/overlays/${env}/kustomization.yaml`;
        expect(w.github.human.readFile(w.repo, branch, file), branch).toContain(
          `newTag: "${newest(i)}"`,
        );
        expect(w.github.human.readFile(w.repo, "main", file)).toContain('newTag: "1.0.0"');
        const [commit] = ownCommits(w.github, w.repo, branch);
        expect(commit?.message.split("\n")[0]).toBe(
          `chore(deps): bump ${image} to ${newest(i)} in ${env}`,
        );
        const changed = changedFiles(w, branch);
        expect(changed, branch).toEqual([file]);
      }
    }
    expect(bumpBranches(w.github, w.repo)).toHaveLength(40);
    console.info(
      `[reliability] 20 images × 2 environments on one repository: ${elapsed(start)}, ${w.github.counts.get("graphql createCommitOnBranch")} commits`,
    );
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Paths whose content differs between main and the branch. */
function changedFiles(w: AppWorld, branch: string): string[] {
  const all = new Set([
    ...w.github.human.listFiles(w.repo, "main"),
    ...w.github.human.listFiles(w.repo, branch),
  ]);
  return [...all]
    .filter(
      (path) =>
        w.github.human.readFile(w.repo, "main", path) !==
        w.github.human.readFile(w.repo, branch, path),
    )
    .sort();
}
