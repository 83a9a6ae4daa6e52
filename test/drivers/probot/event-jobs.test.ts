import type { Probot } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import type { GitHubClient } from "../../../src/adapters/github/client.js";
import { MemoryImageIndex } from "../../../src/adapters/index-store/memory.js";
import { MemoryQueue } from "../../../src/adapters/queue/memory-queue.js";
import { RedisQueue } from "../../../src/adapters/queue/redis-queue.js";
import { formatMarker } from "../../../src/core/pr/marker.js";
import type { IngestJobData } from "../../../src/drivers/http/jobs.js";
import { registerCommands } from "../../../src/drivers/probot/commands.js";
import { registerCommitCheck } from "../../../src/drivers/probot/commit-check.js";
import { registerConfigCheck } from "../../../src/drivers/probot/config-check.js";
import { registerDashboard } from "../../../src/drivers/probot/dashboard.js";
import { registerPromotion } from "../../../src/drivers/probot/promotion.js";
import { registerReview } from "../../../src/drivers/probot/review.js";
import { createGitHubJobHandler } from "../../../src/drivers/worker/github-jobs.js";
import { systemClock } from "../../../src/ports/clock.js";
import type { Queue } from "../../../src/ports/queue.js";
import { dropPrefix, uniquePrefix, until } from "../../adapters/queue/helpers.js";
import { gitopsWorld } from "../../e2e/gitops-world.js";
import type { GitOpsWorld } from "../../e2e/gitops-world.js";
import { createTestProbot } from "../../harness/probot.js";
import { mustHave, redisCheck } from "../../harness/services.js";
import { webhookExample } from "../../harness/webhooks.js";

const redis = await redisCheck();
const fast = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 50 };

let world: GitOpsWorld;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
  await world.close();
});

/** The app's pull-request and issue handlers on a Probot whose jobs go to `queue`. */
const allHandlers = (app: Probot, queue: Queue<IngestJobData>) => {
  registerReview(app, queue);
  registerCommitCheck(app, queue);
  registerConfigCheck(app, queue);
  registerCommands(app, queue);
  registerDashboard(app, queue);
  registerPromotion(app, queue);
};

async function replica(queue: Queue<IngestJobData>) {
  const probot = await createTestProbot((app) => allHandlers(app, queue), {
    baseUrl: world.sim.url,
  });
  const work = () =>
    queue.process(
      createGitHubJobHandler({
        queue,
        index: new MemoryImageIndex(),
        clock: systemClock,
        github: async (id) => (await probot.auth(id)) as unknown as GitHubClient,
        log: probot.log,
      }),
      { concurrency: 4 },
    );
  return { probot, work };
}

/** `pull_request.<action>` as GitHub sends it, for PR `number` as the simulator has it now. */
async function pullRequestEvent(id: string, action: string, number: number) {
  const get = async (route: string, params: Record<string, unknown> = {}) =>
    (await world.client.request(route, { owner: "acme", repo: "gitops", ...params }))
      .data as Record<string, unknown>;
  const pull_request = await get("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
    pull_number: number,
  });
  const payload = {
    ...webhookExample("pull_request", "opened"),
    action,
    number,
    pull_request,
    repository: await get("GET /repos/{owner}/{repo}"),
    sender: pull_request.user,
    installation: { id: world.installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" },
  };
  return { id, name: "pull_request", payload } as never;
}

const drained = async (queue: Queue<IngestJobData>) => {
  const s = await queue.stats();
  return s.waiting + s.active + s.delayed === 0;
};

describe("pull-request and issue events go through the queue", () => {
  it("answers a delivery without a GitHub request; the same delivery id is queued once", async () => {
    world = await gitopsWorld();
    const queue = new MemoryQueue<IngestJobData>({ retry: fast });
    cleanup.push(() => queue.close());
    const { probot, work } = await replica(queue);
    world.sim.human.push(world.full, "feature", { "README.md": "hi\n" }, { author: "octocat" });
    const number = world.sim.human.openPullRequest(world.full, {
      head: "feature",
      title: "feat: say hi",
    });
    const event = await pullRequestEvent("delivery-1", "opened", number);
    const before = world.sim.counts.snapshot();
    await probot.receive(event);
    await probot.receive(event); // GitHub's "Redeliver" while the first is still queued
    expect(world.sim.counts.snapshot(), "requests made by the webhook handlers").toEqual(before);
    expect(await queue.stats()).toMatchObject({ waiting: 3, active: 0 }); // review, commits, config

    work();
    await until(() => drained(queue), 20_000, "the queue to drain");
    const head = world.sim.human.repo(world.full).refs.get("refs/heads/feature");
    const runs = [...world.sim.human.repo(world.full).checkRuns.values()]
      .filter((r) => r.headSha === head)
      .map((r) => [r.name, r.conclusion]);
    expect(runs.map(([name]) => name).sort()).toEqual([
      "bumpwarden/conventional-commits",
      "bumpwarden/review",
    ]);
    // Done within the week: a later redelivery of the same id is not run again.
    await probot.receive(event);
    expect(await queue.stats()).toMatchObject({ waiting: 0, active: 0 });
  });

  it("retries a failed job, and runs a redelivery of a delivery whose job failed for good", async () => {
    world = await gitopsWorld();
    const queue = new MemoryQueue<IngestJobData>({ retry: fast });
    cleanup.push(() => queue.close());
    const { probot, work } = await replica(queue);
    work();
    world.sim.human.push(world.full, "feature", { "README.md": "hi\n" }, { author: "octocat" });
    const number = world.sim.human.openPullRequest(world.full, { head: "feature", title: "wip" });
    const runs = () =>
      [...world.sim.human.repo(world.full).checkRuns.values()].filter(
        (r) => r.name === "bumpwarden/conventional-commits",
      );
    world.sim.inject.error({ route: "POST /repos/{owner}/{repo}/check-runs", times: 3 });
    const event = await pullRequestEvent("delivery-2", "edited", number);
    Object.assign((event as { payload: object }).payload, { changes: { title: { from: "x" } } });
    await probot.receive(event);
    await until(async () => (await queue.deadLetters()).length === 1, 20_000, "a dead letter");
    expect((await queue.deadLetters())[0]).toMatchObject({ name: "commit-check", attempts: 3 });
    expect(runs()).toEqual([]);

    await probot.receive(event); // "Redeliver" in GitHub's UI: same id, runs again
    await until(() => drained(queue), 20_000, "the queue to drain");
    expect(runs().map((r) => r.conclusion)).toEqual(["failure"]); // "wip" is no conventional title
  });

  it.runIf(mustHave(redis))(
    "keeps two replicas from writing one repository's dashboard at once (Redis)",
    async () => {
      world = await gitopsWorld();
      const url = redis.url ?? "";
      const prefix = uniquePrefix();
      const queues = [0, 1].map(
        () => new RedisQueue<IngestJobData>({ url, prefix, retry: fast, keyBusyDelayMs: 20 }),
      );
      cleanup.push(async () => {
        for (const q of queues) await q.close({ graceMs: 2_000 });
        await dropPrefix(url, prefix);
      });
      const replicas = await Promise.all(queues.map(replica));
      for (const r of replicas) r.work();
      // Slow GitHub down so that the two refreshes would overlap if nothing kept them apart.
      world.sim.inject.latency(40);
      const marker = formatMarker({
        image: "ghcr.io/acme/api",
        env: "dev",
        tag: "1.8.0",
        digest: null,
        from: [],
      });
      const numbers = ["one", "two"].map((b) => {
        world.sim.human.push(world.full, `bumpwarden/dev/${b}`, { [`${b}.txt`]: "x\n" });
        return world.sim.human.openPullRequest(world.full, {
          head: `bumpwarden/dev/${b}`,
          title: `chore(deps): ${b}`,
          body: marker,
        });
      });
      const events = await Promise.all(
        numbers.map((n, i) => pullRequestEvent(`dash-${i}`, "reopened", n)),
      );
      await Promise.all(events.map((e, i) => replicas[i]?.probot.receive(e)));
      await until(
        async () => (await Promise.all(queues.map(drained))).every(Boolean),
        30_000,
        "both replicas to drain",
      );
      const dashboards = [...world.sim.human.repo(world.full).issues.values()].filter(
        (i) => !i.isPull && i.labels.includes("bumpwarden:dashboard"),
      );
      expect(dashboards).toHaveLength(1);
    },
  );
});
