import { createHmac, generateKeyPairSync } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, relative } from "node:path";
import type { Logger } from "pino";
import { pino } from "pino";
import { Probot, ProbotOctokit, createNodeMiddleware } from "probot";
import { createBumpwarden } from "../src/drivers/probot/app.js";
import type { RunningApp } from "../src/drivers/probot/app.js";
import type { Clock } from "../src/ports/clock.js";
import { startGitHubSimulator } from "./github/index.js";
import type { GitHubSimulator, SimulatorOptions } from "./github/index.js";
import { pushImage } from "./registry/images.js";
import { startRegistrySimulator } from "./registry/server.js";
import type { RegistrySimulator } from "./registry/server.js";

/**
 * The whole app on this machine with nothing to configure: the GitHub simulator holding a GitOps
 * repository, an in-memory OCI registry standing in for ghcr.io, and the real Probot app (its
 * webhook routes, workers and handlers) served over HTTP. Used by `npm run demo`, the end-to-end
 * tests and the bench. Not shipped.
 */
export interface AppWorld {
  github: GitHubSimulator;
  registry: RegistrySimulator;
  /** The app's HTTP base URL (GitHub webhooks at /api/github/webhooks, registry hooks at /hooks/<id>). */
  url: string;
  installationId: number;
  repo: string;
  app: RunningApp;
  probot: Probot;
  /** Pushes `ghcr.io/<name>:<tag>` (with OCI source labels) to the stand-in registry; returns its digest. */
  pushImage(name: string, tag: string, revision?: string): string;
  /** Sends the generic registry webhook (HMAC-SHA256 signed) for a pushed image. */
  notifyPush(repository: string, tag: string, digest?: string): Promise<Response>;
  /** Sends a GitHub webhook to the app, signed as GitHub does. */
  deliver(event: string, payload: unknown): Promise<Response>;
  /** Resolves when the queue has nothing waiting, running or delayed. */
  idle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const WEBHOOK_SECRET = "demo-webhook-secret";
export const REGISTRY_SECRET = "demo-registry-secret";
const keys = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
});

export interface AppWorldOptions {
  /** Files of the GitOps repository (default: `examples/gitops/`). */
  files?: Record<string, string>;
  /** An Octokit class for the app (tests pass one that validates every request). */
  Octokit?: typeof ProbotOctokit;
  log?: Logger;
  env?: Record<string, string>;
  simulator?: SimulatorOptions;
  /** The app's clock (tests move it forward to end a soak). */
  clock?: Clock;
  /** Registry hosts the stand-in registry answers for (default `ghcr.io`); image paths must not collide. */
  registryHosts?: readonly string[];
}

export function readTree(dir: string): Record<string, string> {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) =>
      statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)],
    );
  return Object.fromEntries(walk(dir).map((p) => [relative(dir, p), readFileSync(p, "utf8")]));
}

export const EXAMPLE_REPO = new URL("../examples/gitops/", import.meta.url).pathname;

export async function startAppWorld(options: AppWorldOptions = {}): Promise<AppWorld> {
  const github = await startGitHubSimulator({ appPublicKey: keys.publicKey, ...options.simulator });
  const registry = await startRegistrySimulator();
  const installation = github.human.installApp({ account: "acme" });
  github.human.createRepo({
    owner: "acme",
    name: "gitops",
    files: options.files ?? readTree(EXAMPLE_REPO),
  });

  let running: RunningApp | undefined;
  const env: Record<string, string> = {
    NODE_ENV: "test",
    BUMPWARDEN_REGISTRY_ENDPOINTS: JSON.stringify([
      { id: "registry", type: "generic", secrets: [REGISTRY_SECRET] },
    ]),
    BUMPWARDEN_REGISTRY_MIRRORS: JSON.stringify(
      Object.fromEntries((options.registryHosts ?? ["ghcr.io"]).map((h) => [h, registry.host])),
    ),
    BUMPWARDEN_INSECURE_REGISTRIES: registry.host,
    BUMPWARDEN_RECONCILE_INTERVAL: "0",
    ...options.env,
  };
  const probot = new Probot({
    appId: github.state.app.id,
    privateKey: keys.privateKey,
    secret: WEBHOOK_SECRET,
    baseUrl: github.url,
    log: options.log ?? pino({ level: "silent" }),
    // A function, not an object: Probot passes its own `throttle` options to every instance, which
    // would replace `{ enabled: false }` and leave throttling on. The app's queue does the waiting.
    Octokit: (options.Octokit ?? ProbotOctokit).defaults(
      (o: ConstructorParameters<typeof ProbotOctokit>[0] = {}) => ({
        ...o,
        throttle: { ...o.throttle, enabled: false },
        retry: { ...o.retry, enabled: false },
      }),
    ),
  });
  const middleware = await createNodeMiddleware(
    createBumpwarden({
      env,
      handleSignals: false,
      onReady: (app) => (running = app),
      ...(options.clock && { clock: options.clock }),
    }),
    { probot },
  );
  const server: Server = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (!running) throw new Error("the app did not start");
  const app = running;

  // GitHub tells a new installation's app which repositories it may see; that indexes them.
  const deliver = (event: string, payload: unknown) => {
    const body = JSON.stringify(payload);
    return fetch(`${url}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": crypto.randomUUID(),
        "x-hub-signature-256": `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`,
      },
      body,
    });
  };

  const world: AppWorld = {
    github,
    registry,
    url,
    installationId: installation.id,
    repo: "acme/gitops",
    app,
    probot,
    pushImage: (name, tag, revision = "0".repeat(40)) =>
      pushImage(registry.store, name, tag, {
        labels: {
          "org.opencontainers.image.source": `https://github.com/${name}`,
          "org.opencontainers.image.revision": revision,
          "org.opencontainers.image.version": tag,
        },
      }),
    notifyPush(repository, tag, digest) {
      const body = JSON.stringify({ repository, tag, ...(digest && { digest }) });
      return fetch(`${url}/hooks/registry`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-signature-256": `sha256=${createHmac("sha256", REGISTRY_SECRET).update(body).digest("hex")}`,
        },
        body,
      });
    },
    deliver,
    async idle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let quiet = 0;
      while (quiet < 3) {
        const s = await app.queue.stats();
        quiet = s.waiting + s.active + s.delayed === 0 ? quiet + 1 : 0;
        if (Date.now() > deadline)
          throw new Error(`queue still busy after ${timeoutMs} ms: ${JSON.stringify(s)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      await app.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await registry.close();
      await github.close();
    },
  };
  await deliver("installation", {
    action: "created",
    installation: { id: installation.id, account: { login: "acme" } },
    repositories: [{ full_name: "acme/gitops", name: "gitops" }],
    sender: { login: "acme-admin", type: "User" },
  });
  await world.idle();
  return world;
}
