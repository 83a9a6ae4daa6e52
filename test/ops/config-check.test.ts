import nock from "nock";
import { describe, expect, it } from "vitest";
import { processMetrics } from "../../src/adapters/metrics/index.js";
import { CONFIG_CHECK_NAME, registerConfigCheck } from "../../src/drivers/probot/config-check.js";
import { queuedProbot } from "../harness/event-jobs.js";
import { captureLog } from "../harness/probot.js";
import { webhookEvent } from "../harness/webhooks.js";
import { serveConfig } from "./github-fixtures.js";

const API = "https://api.github.com";
const OWNER = "Codertocat";
const REPO = "Hello-World";
const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const limits = {
  "x-ratelimit-limit": "5000",
  "x-ratelimit-remaining": "4990",
  "x-ratelimit-resource": "core",
};

/** A real `pull_request.<action>` example (with an installation) and the token Probot asks for. */
function pullRequestEvent(action: "opened" | "synchronize" | "reopened") {
  nock(API)
    .post("/app/installations/1/access_tokens")
    .reply(201, {
      token: "ghs_installation",
      expires_at: "2099-01-01T00:00:00Z",
      permissions: { checks: "write" },
      repository_selection: "all",
    });
  return webhookEvent("pull_request", action, (p) => p.installation !== undefined);
}

function prFiles(files: { filename: string; status: string }[]) {
  nock(API)
    .get(`/repos/${OWNER}/${REPO}/pulls/2/files`)
    .query({ per_page: "100", page: "1" })
    .reply(
      200,
      files.map((f, i) => ({
        sha: `${i}`.padStart(40, "0"),
        filename: f.filename,
        status: f.status,
        additions: 1,
        deletions: 0,
        changes: 1,
        blob_url: `https://github.com/${OWNER}/${REPO}/blob/${HEAD}/${f.filename}`,
        raw_url: `https://github.com/${OWNER}/${REPO}/raw/${HEAD}/${f.filename}`,
        contents_url: `${API}/repos/${OWNER}/${REPO}/contents/${f.filename}?ref=${HEAD}`,
        patch: "@@ -0,0 +1 @@\n+x",
      })),
      limits,
    );
}

interface CheckRunBody {
  name: string;
  head_sha: string;
  status: string;
  conclusion: string;
  output: {
    title: string;
    summary: string;
    annotations?: { path: string; start_line: number; message: string; title: string }[];
  };
}

/** Captures the check run the app creates. */
function expectCheckRun(): { body: () => CheckRunBody } {
  let body: CheckRunBody | undefined;
  nock(API)
    .post(`/repos/${OWNER}/${REPO}/check-runs`, (b: CheckRunBody) => {
      body = b;
      return true;
    })
    .reply(201, { id: 4, name: CONFIG_CHECK_NAME, head_sha: HEAD, status: "completed" });
  return {
    body: () => {
      if (!body) throw new Error("no check run was created");
      return body;
    },
  };
}

async function app() {
  const { log, records } = captureLog("info");
  // The handler enqueues; the app's worker runs the check (as an installation) with retries.
  const probot = await queuedProbot(registerConfigCheck, {}, { log });
  return { probot, records, metrics: processMetrics() };
}

describe("bumpwarden/config check run", () => {
  it("fails a PR whose config is invalid, with path, expected and got on the right lines", async () => {
    const { probot, records, metrics } = await app();
    const event = pullRequestEvent("opened");
    prFiles([
      { filename: "clusters/prod/api.yaml", status: "modified" },
      { filename: ".github/bumpwarden.yml", status: "modified" },
    ]);
    serveConfig(
      OWNER,
      REPO,
      "review:\n  mode: protct\nimages:\n  - match: ghcr.io/acme/*\n    polcy: { semver: '^1' }\n",
      HEAD,
    );
    const run = expectCheckRun();
    await probot.receive(event);

    const body = run.body();
    expect(body).toMatchObject({
      name: "bumpwarden/config",
      head_sha: HEAD,
      status: "completed",
      conclusion: "failure",
    });
    expect(body.output.title).toBe("Configuration invalid: 2 problems");
    expect(body.output.summary).toContain(
      '| `this PR` | 2 | `review.mode` | `one of "protect", "monitor"` | `"protct"` |',
    );
    expect(body.output.annotations).toEqual([
      {
        path: ".github/bumpwarden.yml",
        start_line: 2,
        end_line: 2,
        annotation_level: "failure",
        title: "review.mode",
        message: 'expected one of "protect", "monitor", got "protct"',
      },
      expect.objectContaining({
        start_line: 5,
        title: "images.0.polcy",
        message: expect.stringContaining('did you mean "policy"?'),
      }),
    ]);
    expect(records.find((r) => r.msg === "config check completed")).toMatchObject({
      deliveryId: event.id,
      installationId: 1,
      repo: `${OWNER}/${REPO}`,
      pr: 2,
      conclusion: "failure",
      problems: 2,
    });
    expect(await metrics.registry.metrics()).toMatch(
      /^bumpwarden_github_rate_limit_remaining\{installation="1",resource="core"\} 4990$/m,
    );
  });

  it("passes a valid config and names the `_extends` chain it read from default branches", async () => {
    const { probot } = await app();
    const event = pullRequestEvent("synchronize");
    prFiles([{ filename: ".github/bumpwarden.yml", status: "added" }]);
    serveConfig(OWNER, REPO, "_extends: .github\nreview: { mode: monitor }\n", HEAD);
    serveConfig(OWNER, ".github", "pullRequests: { labels: [dependencies] }\n"); // default branch: no ref
    const run = expectCheckRun();
    await probot.receive(event);
    expect(run.body()).toMatchObject({
      conclusion: "success",
      output: {
        title: "Configuration is valid",
        summary: expect.stringContaining("`Codertocat/.github:.github/bumpwarden.yml`"),
      },
    });
    expect(run.body().output.annotations).toBeUndefined();
  });

  it("reports a problem in the extended file in the summary, not as an annotation on the PR's file", async () => {
    const { probot } = await app();
    const event = pullRequestEvent("reopened");
    prFiles([{ filename: ".github/bumpwarden.yml", status: "modified" }]);
    serveConfig(OWNER, REPO, "_extends: Codertocat/base\n", HEAD);
    serveConfig(OWNER, "base", "_extends: Hello-World\n");
    const run = expectCheckRun();
    await probot.receive(event);
    expect(run.body().conclusion).toBe("failure");
    expect(run.body().output.summary).toContain(
      "`Codertocat/base:.github/bumpwarden.yml` | 1 | `_extends`",
    );
    expect(run.body().output.summary).toContain(
      "Codertocat/Hello-World → Codertocat/base → Codertocat/Hello-World",
    );
    expect(run.body().output.annotations).toBeUndefined();
  });

  it("says what applies when the PR deletes the config", async () => {
    const { probot } = await app();
    const event = pullRequestEvent("opened");
    prFiles([{ filename: ".github/bumpwarden.yml", status: "removed" }]);
    const run = expectCheckRun();
    await probot.receive(event);
    expect(run.body()).toMatchObject({
      conclusion: "success",
      output: { title: "Configuration removed" },
    });
  });

  it("creates no check run when the PR does not touch the config (no other request is made)", async () => {
    const { probot, records } = await app();
    const event = pullRequestEvent("opened");
    prFiles([{ filename: "clusters/prod/api.yaml", status: "modified" }]);
    await probot.receive(event);
    expect(records.filter((r) => r.msg === "config check completed")).toEqual([]);
  });

  it("re-runs when its check run is re-requested", async () => {
    const { probot } = await app();
    nock(API).post("/app/installations/1/access_tokens").reply(201, {
      token: "ghs_installation",
      expires_at: "2099-01-01T00:00:00Z",
      permissions: {},
      repository_selection: "all",
    });
    const event = webhookEvent("check_run", "rerequested");
    Object.assign(event.payload.check_run, {
      name: CONFIG_CHECK_NAME,
      head_sha: HEAD,
      pull_requests: [
        {
          url: `${API}/repos/${OWNER}/${REPO}/pulls/2`,
          id: 2,
          number: 2,
          head: { ref: "changes", sha: HEAD, repo: { id: 1, url: "", name: REPO } },
          base: { ref: "main", sha: HEAD, repo: { id: 1, url: "", name: REPO } },
        },
      ],
    });
    Object.assign(event.payload.repository, {
      name: REPO,
      owner: { ...event.payload.repository.owner, login: OWNER },
    });
    prFiles([{ filename: ".github/bumpwarden.yml", status: "modified" }]);
    serveConfig(OWNER, REPO, "review: { mode: monitor }\n", HEAD);
    const run = expectCheckRun();
    await probot.receive(event);
    expect(run.body()).toMatchObject({ head_sha: HEAD, conclusion: "success" });
  });
});
