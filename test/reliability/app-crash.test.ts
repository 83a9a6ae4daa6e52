import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE_REPO, readTree } from "../../sim/app-world.js";
import { startGitHubSimulator } from "../../sim/github/index.js";
import type { GitHubSimulator } from "../../sim/github/index.js";
import { pushImage } from "../../sim/registry/images.js";
import { startRegistrySimulator } from "../../sim/registry/server.js";
import type { RegistrySimulator } from "../../sim/registry/server.js";
import { RedisQueue } from "../../src/adapters/queue/redis-queue.js";
import { dropPrefix, sleep, until } from "../adapters/queue/helpers.js";
import { mustHave, redisCheck } from "../harness/services.js";
import { bumpBranches, bumpPulls, elapsed, expectTidyBranches } from "./app-helpers.js";

/**
 * Replicas of the whole app (fixtures/app-process.ts) sharing Redis: the BullMQ queue, the
 * per-repository leases and the reference index. One is killed with SIGKILL in the middle of a
 * bump job, a new one is started: the job completes once, with no duplicate and no orphan branch.
 */
const redis = await redisCheck();
const enabled = mustHave(redis);
const SECRET = "crash-test-webhook-secret";
const HOOK_SECRET = "crash-test-registry-secret";
const keys = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
});
const script = fileURLToPath(new URL("./fixtures/app-process.ts", import.meta.url));

interface Replica {
  child: ChildProcess;
  url: string;
  lines: string[];
}

describe.runIf(enabled)("replicas on Redis, one killed mid-job", () => {
  const url = redis.url ?? "";
  let prefix = "";
  let github: GitHubSimulator;
  let registry: RegistrySimulator;
  let producer: RedisQueue<unknown>;
  let installationId = 0;
  const replicas: Replica[] = [];

  beforeEach(async () => {
    prefix = `bwtest-${randomUUID().slice(0, 8)}`; // BUMPWARDEN_QUEUE_PREFIX allows no colon
    github = await startGitHubSimulator({ appPublicKey: keys.publicKey });
    registry = await startRegistrySimulator();
    installationId = github.human.installApp({ account: "acme" }).id;
    github.human.createRepo({ owner: "acme", name: "gitops", files: readTree(EXAMPLE_REPO) });
    // Only to watch the shared queue from here; it takes no jobs.
    producer = new RedisQueue({ url, prefix });
  });

  afterEach(async () => {
    for (const r of replicas.splice(0)) {
      r.child.kill("SIGKILL");
      await exited(r.child);
    }
    await producer.close({ graceMs: 0 });
    await dropPrefix(url, prefix);
    await registry.close();
    await github.close();
  });

  const start = async (): Promise<Replica> => {
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      env: {
        ...process.env,
        APP_ID: String(github.state.app.id),
        PRIVATE_KEY: keys.privateKey,
        WEBHOOK_SECRET: SECRET,
        GITHUB_URL: github.url,
        REDIS_URL: url,
        BUMPWARDEN_QUEUE_PREFIX: prefix,
        BUMPWARDEN_QUEUE_CONCURRENCY: "2",
        BUMPWARDEN_RECONCILE_INTERVAL: "0",
        BUMPWARDEN_REGISTRY_ENDPOINTS: JSON.stringify([
          { id: "registry", type: "generic", secrets: [HOOK_SECRET] },
        ]),
        BUMPWARDEN_REGISTRY_MIRRORS: JSON.stringify({ "ghcr.io": registry.host }),
        BUMPWARDEN_INSECURE_REGISTRIES: registry.host,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const replica: Replica = { child, url: "", lines: [] };
    replicas.push(replica);
    let rest = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      const text = rest + chunk.toString();
      const parts = text.split("\n");
      rest = parts.pop() ?? "";
      replica.lines.push(...parts);
    });
    await until(
      () => replica.lines.some((l) => l.startsWith("ready ")),
      30_000,
      "the replica to start",
    );
    replica.url = (replica.lines.find((l) => l.startsWith("ready ")) ?? "").slice("ready ".length);
    return replica;
  };

  const idle = () =>
    until(
      async () => {
        const s = await producer.stats();
        return s.waiting + s.active + s.delayed === 0;
      },
      120_000,
      "the shared queue to drain",
    );

  const deliverInstallation = (to: Replica) => {
    const body = JSON.stringify({
      action: "created",
      installation: { id: installationId, account: { login: "acme" } },
      repositories: [{ full_name: "acme/gitops", name: "gitops" }],
      sender: { login: "acme-admin", type: "User" },
    });
    return fetch(`${to.url}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "installation",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
      },
      body,
    });
  };

  const notifyPush = (to: Replica, repository: string, tag: string) => {
    const body = JSON.stringify({ id: randomUUID(), repository, tag });
    return fetch(`${to.url}/hooks/registry`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-signature-256": `sha256=${createHmac("sha256", HOOK_SECRET).update(body).digest("hex")}`,
      },
      body,
    });
  };

  const completions = (r: Replica) =>
    r.lines.filter(
      (l) => l.startsWith("{") && (JSON.parse(l) as { msg?: string }).msg === "bump planned",
    ).length;

  it.each([
    [
      "between its two PRs (the dev PR written, its labels request in flight)",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/labels",
      /^> POST \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/labels$/,
    ],
    [
      "while its first write is in flight (GitHub applies it after the worker died)",
      "graphql createRef",
      /^> POST \/graphql createRef,createCommitOnBranch,createPullRequest$/,
    ],
  ])(
    "killed %s: another replica completes the job once, no duplicate, no orphan",
    async (_when, route, inFlight) => {
      const began = performance.now();
      const a = await start();
      const b = await start();
      expect((await deliverInstallation(a)).status).toBe(200);
      await idle();
      const digest = pushImage(registry.store, "acme/api", "1.8.0");

      // The victim's request is held long enough to kill it while GitHub still works on it.
      github.inject.latency(3_000, { route });
      expect((await notifyPush(b, "ghcr.io/acme/api", "1.8.0")).status).toBe(202);
      await until(
        () => [a, b].some((r) => r.lines.some((l) => inFlight.test(l))),
        30_000,
        "a replica to start writing",
      ).catch((e: unknown) => {
        console.log([a, b].map((r) => r.lines.join("\n")).join("\n-----\n"));
        throw e;
      });
      const victim = [a, b].find((r) => r.lines.some((l) => inFlight.test(l))) as Replica;
      const survivor = victim === a ? b : a;
      victim.child.kill("SIGKILL");
      await exited(victim.child);
      github.inject.clear();
      const replacement = await start();

      await until(
        () => completions(survivor) + completions(replacement) >= 1,
        120_000,
        "the job to complete elsewhere",
      );
      await idle();
      await sleep(1_500); // nothing runs it a second time
      expect(completions(victim)).toBe(0);
      expect(completions(survivor) + completions(replacement)).toBe(1);
      expect(
        bumpPulls(github, "acme/gitops").map((p) => [
          p.head,
          p.state,
          p.marker?.tag,
          p.marker?.digest,
          p.labels,
        ]),
      ).toEqual([
        ["bumpwarden/dev/ghcr.io-acme-api", "open", "1.8.0", digest, ["dependencies", "gitops"]],
        [
          "bumpwarden/staging/ghcr.io-acme-api",
          "open",
          "1.8.0",
          digest,
          ["dependencies", "gitops"],
        ],
      ]);
      expect(bumpBranches(github, "acme/gitops")).toEqual([
        "bumpwarden/dev/ghcr.io-acme-api",
        "bumpwarden/staging/ghcr.io-acme-api",
      ]);
      expectTidyBranches(github, "acme/gitops");
      expect(github.counts.get("graphql createPullRequest")).toBe(2);
      expect((await producer.stats()).deadLetters).toBe(0);
      expect(github.violations).toEqual([]);
      expect(github.crashes).toEqual([]);
      console.info(
        `[reliability] replica killed ${_when}: job completed by ${completions(survivor) ? "the survivor" : "the replacement"} in ${elapsed(began)}`,
      );
    },
  );
});

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}
