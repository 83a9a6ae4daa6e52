import nock from "nock";
import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { captureLog, createTestProbot, TEST_PRIVATE_KEY } from "./probot.js";
import { takeRequestViolations } from "./violations.js";
import { webhookEvent } from "./webhooks.js";

/** A pull_request.opened example that names an installation (so context.octokit is authenticated). */
const opened = () => webhookEvent("pull_request", "opened", (p) => p.installation !== undefined);

function commentingApp(comment: Record<string, unknown>) {
  return (app: Probot) => {
    app.on("pull_request.opened", async (context) => {
      await context.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        ...context.issue(),
        ...comment,
      });
    });
  };
}

function token(host = "https://api.github.com", prefix = "") {
  const event = opened();
  const id = event.payload.installation?.id ?? 0;
  nock(host)
    .post(`${prefix}/app/installations/${id}/access_tokens`)
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
  return event;
}

describe("createTestProbot", () => {
  it("signs app requests with its generated key and lets valid requests through", async () => {
    expect(TEST_PRIVATE_KEY).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    const event = token();
    const { owner, name } = {
      owner: event.payload.repository.owner.login,
      name: event.payload.repository.name,
    };
    const scope = nock("https://api.github.com")
      .post(`/repos/${owner}/${name}/issues/${event.payload.number}/comments`, { body: "hello" })
      .reply(201, { id: 1 });
    const probot = await createTestProbot(commentingApp({ body: "hello" }));
    await probot.receive(event);
    expect(scope.isDone()).toBe(true);
  });

  it("fails a delivery whose handler makes a request GitHub would reject", async () => {
    const probot = await createTestProbot(commentingApp({ body: "hello", bodyy: "typo" }));
    await expect(probot.receive(opened())).rejects.toThrow(
      /POST \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/comments: body\.bodyy is not a field GitHub accepts here \(known: body\)/,
    );
    expect(takeRequestViolations()).toHaveLength(1);
  });

  it("has retries and throttling off: a 500 or a secondary rate limit surfaces at once", async () => {
    const { log, records } = captureLog();
    const event = token();
    const path = `/repos/${event.payload.repository.full_name}/issues/${event.payload.number}/comments`;
    const limited = { message: "You have exceeded a secondary rate limit" };
    nock("https://api.github.com").post(path).reply(403, limited, { "retry-after": "60" });
    nock("https://api.github.com").post(path).reply(500, { message: "boom" });
    const probot = await createTestProbot(commentingApp({ body: "hello" }), { log });
    await expect(probot.receive(event)).rejects.toThrow("secondary rate limit");
    // The throttling plugin, when on, logs the limit and holds later requests for retry-after.
    expect(records.filter((r) => /quota/i.test(r.msg))).toEqual([]);
    // The retry plugin, when on, would repeat the 500 (and find no second reply).
    await expect(probot.receive(opened())).rejects.toThrow("boom");
  });

  it("sends everything, installation tokens included, to a configured base URL", async () => {
    const host = "http://127.0.0.1:4010";
    const event = token(host, "/api/v3");
    const scope = nock(host)
      .post(
        `/api/v3/repos/${event.payload.repository.full_name}/issues/${event.payload.number}/comments`,
      )
      .reply(201, { id: 2 });
    const probot = await createTestProbot(commentingApp({ body: "hi" }), {
      baseUrl: `${host}/api/v3`,
    });
    await probot.receive(event);
    expect(scope.isDone()).toBe(true);
  });
});
