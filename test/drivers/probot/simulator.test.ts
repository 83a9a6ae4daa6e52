import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { startGitHubSimulator, type GitHubSimulator } from "../../../sim/github/index.js";
import app from "../../../src/index.js";
import { captureLog, createTestProbot, TEST_APP_ID } from "../../harness/probot.js";
import { signedDelivery, webhookExample } from "../../harness/webhooks.js";

const SECRET = "simulator-secret";
let sim: GitHubSimulator | undefined;
let close: (() => Promise<void>) | undefined;

afterEach(async () => {
  await close?.();
  await sim?.close();
  sim = undefined;
  close = undefined;
});

describe("the bumpwarden app against the GitHub simulator", () => {
  it("takes a signed registry_package delivery and authenticates as its installation", async () => {
    sim = await startGitHubSimulator({ appId: TEST_APP_ID });
    const installation = sim.human.installApp({ account: "Codertocat" });
    sim.human.createRepo({ owner: "Codertocat", name: "hello-world-npm" });

    const { log, records } = captureLog();
    const probot = await createTestProbot(undefined, { baseUrl: sim.url, secret: SECRET, log });
    const middleware = await createNodeMiddleware(app, { probot });
    const server = createServer((req, res) => void middleware(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    close = () => new Promise((resolve) => server.close(() => resolve()));

    // A delivery to a GitHub App names the installation; the recorded example does not.
    const payload = {
      ...webhookExample("registry_package", "published"),
      installation: { id: installation.id, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" },
    };
    const delivery = signedDelivery(payload, SECRET, { event: "registry_package" });
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
    });
    expect(response.status).toBe(200);
    expect(
      records.filter((r) => r.msg === "github event queued" || r.msg === "github event not queued"),
    ).toHaveLength(1);

    const octokit = await probot.auth(installation.id);
    const { data } = await octokit.rest.repos.get({ owner: "Codertocat", repo: "hello-world-npm" });
    expect(data.full_name).toBe("Codertocat/hello-world-npm");
    expect(sim.violations).toEqual([]);
    expect(sim.crashes).toEqual([]);
  });
});
