import { createServer } from "node:http";
import type { ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { RequestCounts } from "./counts.js";
import { handle, type Pipeline, type Violation } from "./handle-request.js";
import { Human } from "./human.js";
import { Injector } from "./inject.js";
import { Router } from "./router.js";
import { routes } from "./routes/index.js";
import { authorSignature } from "./state/refs.js";
import { SimState } from "./state/state.js";
import type { RepoRecord } from "./state/types.js";
import { errorResponse, send } from "./respond.js";

export interface SimulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  appId?: number;
  appSlug?: string;
  appName?: string;
  appOwner?: string;
  /** Seed for probabilistic faults. */
  seed?: number;
  /** The simulator's clock (timestamps, token expiry). */
  now?: () => Date;
  /** Tree entries listed before `truncated: true` (GitHub: 100,000). */
  treeEntryLimit?: number;
  /** Verify app JWT signatures with this PEM public key (otherwise only their shape and issuer). */
  appPublicKey?: string;
}

export interface GitHubSimulator {
  /** REST base URL (Octokit/Probot `baseUrl`); GraphQL is at `${url}/graphql`. */
  url: string;
  /** `host:port`, for GHE_HOST with GHE_PROTOCOL=http (REST at /api/v3, GraphQL at /api/graphql). */
  host: string;
  state: SimState;
  counts: RequestCounts;
  inject: Injector;
  human: Human;
  violations: Violation[];
  unhandled: string[];
  crashes: string[];
  close(): Promise<void>;
}

/** Starts an in-process GitHub (REST + GraphQL) on a loopback port. */
export async function startGitHubSimulator(
  options: SimulatorOptions = {},
): Promise<GitHubSimulator> {
  const state = new SimState(
    options.now ?? (() => new Date()),
    {
      id: options.appId ?? 1,
      slug: options.appSlug ?? "bumpwarden",
      name: options.appName ?? "bumpwarden",
      owner: options.appOwner ?? "bumpwarden-dev",
    },
    { treeEntryLimit: options.treeEntryLimit ?? 100_000, appPublicKey: options.appPublicKey },
  );
  const inject = new Injector(options.seed ?? 1);
  const pipeline: Pipeline = {
    state,
    counts: new RequestCounts(),
    inject,
    router: new Router(routes),
    origin: "",
    violations: [],
    unhandled: [],
    crashes: [],
    beforeRefWrite: (repo, branch) => concurrentPush(state, inject, repo, branch),
  };
  const server = createServer((req, res) => {
    if (req.url?.startsWith("/_blobs/")) return serveBlob(state, req.url, res);
    handle(pipeline, req, res).catch((e: unknown) => {
      pipeline.crashes.push(String(e));
      if (!res.headersSent)
        send(res, errorResponse(500, "Internal Server Error"), "SIM:CRASH", state.now());
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  pipeline.origin = `http://127.0.0.1:${port}`;
  return {
    url: pipeline.origin,
    host: `127.0.0.1:${port}`,
    state,
    counts: pipeline.counts,
    inject,
    human: new Human(state),
    violations: pipeline.violations,
    unhandled: pipeline.unhandled,
    crashes: pipeline.crashes,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** An injected conflict: someone else pushes an empty commit to the branch just before the write. */
function concurrentPush(state: SimState, inject: Injector, repo: RepoRecord, branch: string): void {
  const ref = `refs/heads/${branch}`;
  const head = repo.refs.get(ref);
  if (!head || !inject.takeConflict(repo.fullName, branch)) return;
  const commit = repo.git.commit(head);
  if (!commit) return;
  const who = authorSignature(state, state.user("concurrent-pusher", "User"));
  const sha = repo.git.putCommit({
    tree: commit.tree,
    parents: [head],
    author: who,
    committer: who,
    message: `Concurrent change to ${branch}\n`,
  });
  repo.refs.set(ref, sha);
}

/** A pre-signed download (an Actions artifact's redirect target): the URL is the credential. */
function serveBlob(state: SimState, url: string, res: ServerResponse): void {
  const token = url.slice("/_blobs/".length).split("?")[0] ?? "";
  const blob = state.actions.blobs.get(token);
  if (!blob || blob.expiresAt < state.now().getTime()) {
    res.writeHead(403, { "content-type": "application/xml" });
    res.end(
      "<Error><Code>AuthenticationFailed</Code><Message>Signature not valid in the specified time frame</Message></Error>",
    );
    return;
  }
  res.writeHead(200, {
    "content-type": blob.contentType,
    "content-length": String(blob.data.length),
  });
  res.end(blob.data);
}
