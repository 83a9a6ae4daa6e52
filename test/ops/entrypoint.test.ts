import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { load } from "js-yaml";
import { afterEach, describe, expect, it } from "vitest";
import { TEST_PRIVATE_KEY } from "../harness/probot.js";
import { freePort } from "./helpers.js";
import { corpusPath } from "../harness/corpus.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const corpus = corpusPath("registry-webhooks/");
const hubToken = "hub0123456789abcdef0123456789abcdef";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Starts the container's entry point (src/drivers/ops/main.ts) as its own process. */
const credentials = {
  NODE_ENV: "production",
  APP_ID: "1",
  PRIVATE_KEY: TEST_PRIVATE_KEY,
  WEBHOOK_SECRET: "entrypoint-secret",
};

async function startEntrypoint(
  env: Record<string, string> = credentials,
  probe = "/healthz",
): Promise<{ url: string; output: () => string }> {
  const port = await freePort();
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "src/drivers/ops/main.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "info",
      BUMPWARDEN_REGISTRY_ENDPOINTS: JSON.stringify([
        { id: "hub", type: "dockerhub", pathTokens: [hubToken] },
      ]),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null)
      throw new Error(`entry point exited ${child.exitCode}:\n${output}`);
    const up = await fetch(`${url}${probe}`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { url, output: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`entry point did not answer ${probe}:\n${output}`);
}

describe("the production entry point (Dockerfile ENTRYPOINT)", () => {
  it("serves the app with JSON logs that never contain a registry path token", async () => {
    const app = await startEntrypoint();
    const headers = JSON.parse(readFileSync(`${corpus}dockerhub.headers.json`, "utf8")) as Record<
      string,
      string
    >;
    const hook = await fetch(`${app.url}/hooks/hub/${hubToken}`, {
      method: "POST",
      headers,
      body: readFileSync(`${corpus}dockerhub.json`),
    });
    expect(hook.status).toBe(202);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toContain("# TYPE bumpwarden_queue_depth gauge");
    await new Promise((r) => setTimeout(r, 200)); // let the access log line flush
    const lines = app
      .output()
      .split("\n")
      .filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(app.output()).toContain("/hooks/hub/[redacted]");
    expect(app.output()).not.toContain(hubToken);
  });

  it("without credentials (`npm start` on a fresh checkout) serves Probot's setup page with app.yml's manifest", async () => {
    // NO_SMEE_SETUP: the setup page would otherwise ask smee.io for a webhook channel.
    const app = await startEntrypoint(
      { NODE_ENV: "development", NO_SMEE_SETUP: "true" },
      "/probot",
    );
    const root_ = await fetch(`${app.url}/`, { redirect: "manual" });
    expect(root_.status).toBe(302);
    expect(root_.headers.get("location")).toBe("/probot");
    const page = await fetch(`${app.url}/probot`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const value = /name="manifest" id="manifest" value='([^']*)'/.exec(html)?.[1];
    expect(value).toBeDefined();
    const manifest = JSON.parse(value ?? "") as {
      name: string;
      redirect_url: string;
      default_events: string[];
      default_permissions: Record<string, string>;
    };
    const appYml = load(readFileSync(`${root}/app.yml`, "utf8")) as typeof manifest;
    expect(manifest.name).toBe("bumpwarden");
    expect(manifest.redirect_url).toBe(`${app.url}/probot/setup`);
    expect(manifest.default_events).toEqual(appYml.default_events);
    expect(manifest.default_permissions).toEqual(appYml.default_permissions);
  });
});
