import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startAppWorld } from "../../sim/app-world.js";
import type { AppWorld } from "../../sim/app-world.js";
import { formatBranch } from "../../src/core/pr/branch.js";
import { dropPrefix } from "../adapters/queue/helpers.js";
import { ValidatedProbotOctokit } from "../harness/octokit.js";
import { mustHave, redisCheck } from "../harness/services.js";
import {
  bumpBranches,
  bumpPulls,
  deliverAs,
  elapsed,
  expectTidyBranches,
  generatedGitops,
  ownCommits,
  postHook,
} from "./app-helpers.js";
import type { Delivery } from "./mixed-events.js";
import {
  HOSTS,
  announce,
  endpoints,
  mixedDeliveries,
  newest,
  secondRepoImages,
  unusedImages,
  usedImages,
} from "./mixed-events.js";

/**
 * 200 deliveries from every kind of sender (GHCR through GitHub, registry webhooks in their corpus
 * shapes, CI), with copies, redeliveries and pushes nobody uses, while the simulated GitHub fails
 * about one request in ten (5xx before and after taking effect, secondary and primary rate limits
 * with `retry-after`), fails single mutations inside the bump documents (the others take effect),
 * and someone pushes to two bump branches right before the bot's commit.
 */
const TOTAL = 200;
const ENVS = ["dev", "staging"];
const conflicted = usedImages
  .filter((i) => i.releases.length === 1)
  .map((i) => formatBranch({ prefix: "bumpwarden", environment: "dev", repository: i.repository }));

const redis = await redisCheck();
/** The in-memory queue, and BullMQ with the index in Redis when there is one (mandatory in CI). */
const queues: Array<[string, Record<string, string>]> = [["memory", {}]];
if (mustHave(redis)) queues.push(["redis", { REDIS_URL: redis.url ?? "" }]);

let world: AppWorld | undefined;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await world?.close();
  await cleanup?.();
  world = undefined;
  cleanup = undefined;
});

describe.each(queues)(
  "200 mixed events against a GitHub that fails one request in ten (%s queue)",
  (kind, queueEnv) => {
    it("opens every expected PR exactly once, with no duplicate or orphan branch and nothing dead-lettered", async () => {
      const start = performance.now();
      const prefix = `bwtest-${randomUUID().slice(0, 8)}`;
      if (queueEnv.REDIS_URL) cleanup = () => dropPrefix(queueEnv.REDIS_URL ?? "", prefix);
      world = await startAppWorld({
        Octokit: ValidatedProbotOctokit,
        files: generatedGitops(usedImages.map((i) => i.repository)),
        simulator: { seed: 7 },
        env: {
          BUMPWARDEN_REGISTRY_ENDPOINTS: endpoints,
          BUMPWARDEN_JOB_MAX_ATTEMPTS: "25",
          BUMPWARDEN_JOB_RETRY_BASE_MS: "100",
          BUMPWARDEN_JOB_RETRY_MAX_MS: "3000",
          BUMPWARDEN_QUEUE_CONCURRENCY: "8",
          BUMPWARDEN_QUEUE_PREFIX: prefix,
          ...queueEnv,
        },
        registryHosts: HOSTS,
      });
      const w = world;
      // A second repository, added to the installation later, uses a subset of the images.
      w.github.human.createRepo({
        owner: "acme",
        name: "platform",
        files: generatedGitops(secondRepoImages.map((i) => i.repository)),
      });
      await deliverAs(w, "installation_repositories", {
        action: "added",
        installation: { id: w.installationId },
        repository_selection: "selected",
        repositories_added: [{ full_name: "acme/platform", name: "platform" }],
        repositories_removed: [],
        sender: { login: "acme-admin", type: "User" },
      });
      await w.idle();
      expect(await w.app.index.usages("ghcr.io/acme/g1")).toHaveLength(2);

      const digests = new Map<string, string>();
      const primaries: Delivery[] = [];
      for (const img of [...usedImages, ...unusedImages])
        for (const tag of img.releases) {
          const digest = w.pushImage(img.path, tag);
          digests.set(`${img.repository}:${tag}`, digest);
          primaries.push(...announce(img, tag, digest, w.installationId));
        }
      const { deliveries, copies, redeliveries } = mixedDeliveries(primaries, TOTAL, 11);
      expect(deliveries).toHaveLength(TOTAL);

      const inject = w.github.inject;
      inject.error({ status: 502, probability: 0.03 });
      inject.error({ status: 503, probability: 0.01 });
      inject.error({ status: 500, probability: 0.02, phase: "after" });
      inject.rateLimit({ kind: "secondary", status: 403, retryAfter: 1, probability: 0.02 });
      inject.rateLimit({ kind: "secondary", status: 429, retryAfter: 1, probability: 0.01 });
      inject.rateLimit({ kind: "primary", status: 403, retryAfter: 1, probability: 0.01 });
      // GitHub runs a document's mutations one by one: one may fail while the others take effect.
      inject.fieldError({ field: "createCommitOnBranch", probability: 0.05 });
      inject.fieldError({ field: "createPullRequest", probability: 0.03 });
      for (const branch of conflicted) inject.conflict({ repo: w.repo, branch, times: 1 });
      w.github.counts.reset();

      // Delivered ten at a time, as senders do, while the workers are already busy.
      const statuses: number[] = [];
      for (let i = 0; i < deliveries.length; i += 10)
        statuses.push(
          ...(await Promise.all(
            deliveries
              .slice(i, i + 10)
              .map(
                async (d) =>
                  (
                    await (d.kind === "github"
                      ? deliverAs(w, d.target, JSON.parse(d.body), d.deliveryId)
                      : postHook(w, d.target, d.body, d.headers))
                  ).status,
              ),
          )),
        );
      expect(statuses.filter((s) => s !== 202 && s !== 200)).toEqual([]);
      await w.idle(240_000);

      expect(await w.app.queue.deadLetters()).toEqual([]);
      for (const [repo, images] of [
        [w.repo, usedImages],
        ["acme/platform", secondRepoImages],
      ] as const) {
        const expected = images.flatMap((img) =>
          ENVS.map((env) => ({
            branch: formatBranch({
              prefix: "bumpwarden",
              environment: env,
              repository: img.repository,
            }),
            image: img.repository,
            env,
            tag: newest(img),
          })),
        );
        const human = (branch: string) => repo === w.repo && conflicted.includes(branch);
        const all = bumpPulls(w.github, repo);
        // A branch someone else pushed to has at most the one PR the interrupted write opened.
        for (const branch of conflicted.filter(human))
          expect(all.filter((p) => p.head === branch).length, branch).toBeLessThanOrEqual(1);
        const pulls = all.filter((p) => !human(p.head));
        expect(
          pulls.map((p) => ({
            branch: p.head,
            image: p.marker?.image,
            env: p.marker?.env,
            tag: p.marker?.tag,
          })),
          repo,
        ).toEqual(
          expected.filter((e) => !human(e.branch)).sort((a, b) => a.branch.localeCompare(b.branch)),
        );
        expect(
          all.filter((p) => p.state !== "open"),
          repo,
        ).toEqual([]);
        expect(bumpBranches(w.github, repo)).toEqual(expected.map((e) => e.branch).sort());
        for (const e of expected) {
          const app = e.image.slice(e.image.lastIndexOf("/") + 1);
          const commits = ownCommits(w.github, repo, e.branch);
          if (human(e.branch)) {
            // Someone else's commit landed first: the bot never overwrites it.
            expect(
              commits.map((c) => c.author),
              e.branch,
            ).toEqual(["concurrent-pusher"]);
            continue;
          }
          expect(
            commits.map((c) => c.author),
            e.branch,
          ).toEqual([w.github.state.bot.login]);
          expect(pulls.find((p) => p.head === e.branch)?.labels, e.branch).toEqual([
            "dependencies",
          ]);
          expect(
            w.github.human.readFile(
              repo,
              e.branch,
              `apps/${app}/overlays/${e.env}/kustomization.yaml`,
            ),
            e.branch,
          ).toContain(`newTag: "${e.tag}"`);
          expect(pulls.find((p) => p.head === e.branch)?.marker?.digest, e.branch).toBe(
            digests.get(`${e.image}:${e.tag}`),
          );
        }
      }
      expectTidyBranches(w.github, "acme/platform");
      expect(w.github.violations).toEqual([]);
      expect(w.github.unhandled).toEqual([]);
      expect(w.github.crashes).toEqual([]);
      const injected = w.github.inject.injected();
      expect(injected["conflict"]).toBe(conflicted.length);
      expect(Object.values(injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(20);
      console.info(
        `[reliability] ${kind} queue: ${TOTAL} deliveries (${primaries.length} announcements, ${copies} copies of which ${redeliveries} GitHub redeliveries) → ` +
          `${bumpPulls(w.github, w.repo).length + bumpPulls(w.github, "acme/platform").length} PRs in ${elapsed(start)}; ` +
          `${w.github.counts.total()} GitHub requests, faults injected: ${JSON.stringify(injected)}`,
      );
    });
  },
);
