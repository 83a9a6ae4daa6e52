import { verify } from "@octokit/webhooks-methods";
import { describe, expect, it } from "vitest";
import { signedDelivery, webhookEvent, webhookExample } from "./webhooks.js";

describe("webhookExample", () => {
  it("returns a deep copy of a real example for the event and action", () => {
    const first = webhookExample("pull_request", "opened");
    expect(first.action).toBe("opened");
    expect(first.pull_request.number).toBeGreaterThan(0);
    first.pull_request.title = "changed";
    expect(webhookExample("pull_request", "opened").pull_request.title).not.toBe("changed");
  });

  it("picks the first example a filter accepts", () => {
    const labeled = webhookExample("pull_request", "labeled", (p) => p.label?.name !== undefined);
    expect(labeled.label?.name).toEqual(expect.any(String));
  });

  it("derives registry_package from GitHub's package example (same payload, other key)", () => {
    const payload = webhookExample("registry_package", "published");
    expect(payload).not.toHaveProperty("package");
    expect(payload.registry_package.name).toBe("hello-world-npm");
  });

  it("says which actions exist when there is no example", () => {
    expect(() => webhookExample("registry_package", "updated")).toThrow(
      "@octokit/webhooks-examples has no registry_package.updated example (actions: published)",
    );
  });

  it("wraps an example as an event for probot.receive()", () => {
    const event = webhookEvent("issue_comment", "created");
    expect(event.name).toBe("issue_comment");
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.payload.comment.body).toEqual(expect.any(String));
  });
});

describe("signedDelivery", () => {
  it("signs the exact body as GitHub does (checked by @octokit/webhooks-methods)", async () => {
    const payload = webhookExample("check_suite", "completed");
    const delivery = signedDelivery(payload, "s3cret");
    expect(delivery.body).toBe(JSON.stringify(payload));
    expect(delivery.headers).toMatchObject({
      "content-type": "application/json",
      "x-github-event": "check_suite",
      "x-github-delivery": delivery.id,
    });
    const signature = delivery.headers["x-hub-signature-256"] ?? "";
    expect(await verify("s3cret", delivery.body, signature)).toBe(true);
    expect(await verify("other", delivery.body, signature)).toBe(false);
  });

  it("takes raw text and an explicit event name, and asks for one when it cannot tell", () => {
    const delivery = signedDelivery('{"zen":"Keep it logically awesome."}\n', "s", {
      event: "ping",
      id: "d-1",
    });
    expect(delivery.body).toBe('{"zen":"Keep it logically awesome."}\n');
    expect(delivery.headers["x-github-delivery"]).toBe("d-1");
    expect(() => signedDelivery({ zen: "x" }, "s")).toThrow("name the event");
  });
});
