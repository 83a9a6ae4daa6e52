import { describe, expect, it } from "vitest";
import { MemoryQueue } from "../../../src/adapters/queue/memory-queue.js";
import { ingestGithubEvent } from "../../../src/drivers/http/github-ingest.js";
import type { IngestJobData } from "../../../src/drivers/http/jobs.js";
import type { Job } from "../../../src/ports/queue.js";
import { webhookExample } from "../../harness/webhooks.js";
import { corpusHeaders, corpusJson } from "./fixtures.js";

const receivedAt = "2025-06-12T14:03:12.000Z";
const delivery = (file: string) => {
  const h = corpusHeaders(file);
  return {
    event: h["X-GitHub-Event"] ?? "",
    deliveryId: h["X-GitHub-Delivery"] ?? "",
    payload: corpusJson(file),
    receivedAt,
  };
};

async function drain(
  queue: MemoryQueue<IngestJobData>,
  count: number,
): Promise<Job<IngestJobData>[]> {
  const jobs: Job<IngestJobData>[] = [];
  queue.process(async (job) => void jobs.push(job), { concurrency: 4 });
  await waitUntil(() => jobs.length === count);
  return jobs;
}
async function waitUntil(ok: () => boolean) {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!ok()) throw new Error("timed out");
}

describe("ingestGithubEvent", () => {
  it("enqueues one image-pushed job for a GHCR publish heard as both package and registry_package", async () => {
    const queue = new MemoryQueue<IngestJobData>();
    const first = await ingestGithubEvent(queue, delivery("ghcr-package"));
    const second = await ingestGithubEvent(queue, delivery("ghcr-registry-package"));
    expect(first).toMatchObject({ kind: "accepted", jobs: [{ status: "queued" }] });
    expect(second).toMatchObject({ kind: "accepted", jobs: [{ status: "duplicate" }] });
    const [job] = await drain(queue, 1);
    expect(job).toMatchObject({
      name: "image-pushed",
      key: "image:ghcr.io/example-org/app",
      data: { tag: "1.4.2", source: "ghcr" },
    });
    await queue.close();
  });

  it("workflow_run: ignored without a trigger; a template trigger or the artifact convention enqueue", async () => {
    const queue = new MemoryQueue<IngestJobData>();
    expect(await ingestGithubEvent(queue, delivery("github-workflow-run"))).toEqual({
      kind: "ignored",
      reason: "no workflow_run trigger is configured",
    });
    const templated = await ingestGithubEvent(queue, delivery("github-workflow-run"), {
      workflowRun: { image: "ghcr.io/{owner}/{repo}", tag: "sha-{short_sha}" },
    });
    const artifact = await ingestGithubEvent(
      queue,
      { ...delivery("github-workflow-run"), deliveryId: "other" },
      { workflowRun: { artifact: "bumpwarden-image" } },
    );
    expect([templated.kind, artifact.kind]).toEqual(["accepted", "accepted"]);
    const jobs = await drain(queue, 2);
    expect(jobs.map((j) => [j.name, j.key]).sort()).toEqual([
      ["image-pushed", "image:ghcr.io/example-org/app"],
      ["workflow-artifact", "repo:example-org/app"],
    ]);
    await queue.close();
  });

  it("push and installation events become index updates keyed by repository or installation", async () => {
    const queue = new MemoryQueue<IngestJobData>();
    const push = webhookExample(
      "push",
      undefined as never,
      (p: { ref: string; installation?: unknown }) =>
        p.ref === "refs/heads/master" && p.installation !== undefined,
    );
    expect(
      await ingestGithubEvent(queue, {
        event: "push",
        deliveryId: "p1",
        payload: push,
        receivedAt,
      }),
    ).toMatchObject({ kind: "accepted" });
    const added = webhookExample("installation_repositories", "added");
    expect(
      await ingestGithubEvent(queue, {
        event: "installation_repositories",
        deliveryId: "i1",
        payload: added,
        receivedAt,
      }),
    ).toMatchObject({ kind: "accepted" });
    expect(
      await ingestGithubEvent(queue, {
        event: "installation_repositories",
        deliveryId: "i1",
        payload: added,
        receivedAt,
      }),
    ).toMatchObject({
      kind: "accepted",
      jobs: [{ status: "duplicate" }],
    });
    const jobs = await drain(queue, 2);
    expect(jobs.map((j) => j.key).sort()).toEqual([
      "installation:957387",
      "repo:codertocat/hello-world",
    ]);
    await queue.close();
  });
});
