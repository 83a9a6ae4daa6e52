import { generateKeyPairSync } from "node:crypto";
import { pino } from "pino";
import { createProbot, Probot, type Context } from "probot";
import { afterEach, describe, expect, test } from "vitest";
import { startGitHubSimulator, type GitHubSimulator } from "../../sim/github/index.js";
import { webhookEvent } from "../harness/webhooks.js";

const key = (): { privateKey: string; publicKey: string } =>
  generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
const keys = key();
const silent = pino({ level: "silent" });
const CONFIG = "environments:\n  dev: [clusters/dev/**]\n";

let sim: GitHubSimulator;
afterEach(async () => {
  expect(sim.violations).toEqual([]);
  expect(sim.unhandled).toEqual([]);
  expect(sim.crashes).toEqual([]);
  await sim.close();
});

describe("a real Probot app against the simulator", () => {
  test("a registry_package delivery: the app authenticates as the installation and reads files by REST and GraphQL", async () => {
    sim = await startGitHubSimulator({ appId: 4242, appPublicKey: keys.publicKey });
    const event = webhookEvent("registry_package", "published");
    const [owner = "", name = ""] = event.payload.repository?.full_name.split("/") ?? [];
    const installation = sim.human.installApp({
      account: owner,
      type: "User",
      repositories: [name],
    });
    sim.human.createRepo({
      owner,
      name,
      files: {
        ".github/bumpwarden.yml": CONFIG,
        "clusters/dev/kustomization.yaml": "images: []\n",
      },
    });
    // GitHub adds the installation to every delivery it makes to an app.
    Object.assign(event.payload, { installation: { id: installation.id, node_id: "MDIz" } });

    const seen: Array<{ rest: string; graphql: string | undefined }> = [];
    const probot = new Probot({
      appId: 4242,
      privateKey: keys.privateKey,
      baseUrl: sim.url,
      log: silent,
    });
    await probot.load((app) => {
      app.on(
        "registry_package.published",
        async (context: Context<"registry_package.published">) => {
          const file = await context.octokit.rest.repos.getContent(
            context.repo({ path: ".github/bumpwarden.yml" }),
          );
          const rest =
            Array.isArray(file.data) || file.data.type !== "file"
              ? ""
              : Buffer.from(file.data.content, "base64").toString();
          const q = await context.octokit.graphql<{ repository: { cfg: { text: string } | null } }>(
            `query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { cfg: object(expression: "HEAD:.github/bumpwarden.yml") { ... on Blob { text } } } }`,
            { owner: context.repo().owner, name: context.repo().repo },
          );
          seen.push({ rest, graphql: q.repository.cfg?.text });
        },
      );
    });
    await probot.receive(event);
    expect(seen).toEqual([{ rest: CONFIG, graphql: CONFIG }]);
    expect(sim.counts.get("POST /app/installations/{installation_id}/access_tokens")).toBe(1);
  });

  test("GHE_HOST style: REST under /api/v3 and GraphQL at /api/graphql", async () => {
    sim = await startGitHubSimulator({ appId: 4243 });
    const inst = sim.human.installApp({ account: "acme" });
    sim.human.createRepo({ owner: "acme", name: "gitops", files: { "README.md": "hello\n" } });
    const probot = createProbot({
      env: {
        APP_ID: "4243",
        PRIVATE_KEY: keys.privateKey,
        GHE_HOST: sim.host,
        GHE_PROTOCOL: "http",
        WEBHOOK_SECRET: "s",
        LOG_LEVEL: "silent",
      },
    });
    const octokit = await probot.auth(inst.id);
    const repos = await octokit.rest.apps.listReposAccessibleToInstallation();
    expect(repos.data.repositories.map((r) => r.full_name)).toEqual(["acme/gitops"]);
    const q = await octokit.graphql<{ repository: { object: { text: string } } }>(
      `{ repository(owner: "acme", name: "gitops") { object(expression: "main:README.md") { ... on Blob { text } } } }`,
    );
    expect(q.repository.object.text).toBe("hello\n");
    const app = await probot.auth();
    const installation = await app.rest.apps.getRepoInstallation({ owner: "acme", repo: "gitops" });
    expect(installation.data.id).toBe(inst.id);
  });

  test("with the app's public key configured, a JWT signed by another key is refused", async () => {
    sim = await startGitHubSimulator({ appId: 4244, appPublicKey: keys.publicKey });
    const inst = sim.human.installApp({ account: "acme" });
    const impostor = new Probot({
      appId: 4244,
      privateKey: key().privateKey,
      baseUrl: sim.url,
      log: silent,
    });
    const list = async (p: Probot) =>
      (await p.auth(inst.id)).rest.apps.listReposAccessibleToInstallation();
    await expect(list(impostor)).rejects.toMatchObject({ status: 401 });
    const real = new Probot({
      appId: 4244,
      privateKey: keys.privateKey,
      baseUrl: sim.url,
      log: silent,
    });
    await expect(list(real)).resolves.toMatchObject({ status: 200 });
  });
});
