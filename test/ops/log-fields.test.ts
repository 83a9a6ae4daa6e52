import { describe, expect, it } from "vitest";
import { eventLog, eventLogFields, withLogFields } from "../../src/drivers/ops/log-fields.js";
import { captureLog } from "../harness/probot.js";
import { webhookExample } from "../harness/webhooks.js";

describe("structured log fields", () => {
  it("adds deliveryId, installationId, repo and pr from a real pull_request delivery", () => {
    const payload = webhookExample("pull_request", "opened", (p) => p.installation !== undefined);
    expect(eventLogFields({ id: "d-1", payload })).toEqual({
      deliveryId: "d-1",
      installationId: 1,
      repo: "Codertocat/Hello-World",
      pr: 2,
    });
  });

  it("leaves out what the event does not have, and keeps Probot's own `id`", () => {
    const { log, records } = captureLog("info");
    const context = {
      id: "d-2",
      payload: webhookExample("registry_package", "published"),
      log: log.child({ id: "d-2" }),
    };
    eventLog(context).info({ image: "ghcr.io/acme/api:1.8.0" }, "image seen");
    expect(records).toEqual([
      expect.objectContaining({
        id: "d-2",
        deliveryId: "d-2",
        repo: expect.any(String),
        image: "ghcr.io/acme/api:1.8.0",
        msg: "image seen",
      }),
    ]);
    expect(records[0]).not.toHaveProperty("pr");
  });

  it("binds job fields on any pino-like logger", () => {
    const { log, records } = captureLog("info");
    withLogFields(log, { job: "42", image: "ghcr.io/acme/api", repo: undefined }).warn("retrying");
    expect(records[0]).toMatchObject({ job: "42", image: "ghcr.io/acme/api", msg: "retrying" });
    expect(records[0]).not.toHaveProperty("repo");
  });
});
