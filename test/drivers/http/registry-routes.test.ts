import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  corpusBytes,
  corpusHeaders,
  ecrKey,
  endpointConfig,
  endpointSources,
  garNow,
  garToken,
  hubToken,
  hubTokenNext,
  quayToken,
} from "./fixtures.js";
import type { IngestServer } from "./ingest-server.js";
import { post, startIngestServer } from "./ingest-server.js";

const digest = "sha256:0affb11266d6cd8af36aab3face6e115ae495e1634a99b7d546c840f6118270e";
let server: IngestServer;

beforeEach(async () => {
  server = await startIngestServer(endpointConfig, { now: () => garNow, sources: endpointSources });
});
afterEach(() => server.close());

async function queued() {
  return (await server.queue.stats()).waiting;
}

interface Case {
  name: string;
  path: string;
  file: string;
  headers: () => Promise<Record<string, string>> | Record<string, string>;
  repository: string;
  tag: string | null;
  digest: string | null;
}

const cases: Case[] = [
  {
    name: "Docker Hub",
    path: `/hooks/hub/${hubToken}`,
    file: "dockerhub",
    headers: () => corpusHeaders("dockerhub"),
    repository: "docker.io/example-org/app",
    tag: "1.4.2",
    digest: null,
  },
  {
    name: "Quay",
    path: `/hooks/quay/${quayToken}`,
    file: "quay",
    headers: () => corpusHeaders("quay"),
    repository: "quay.io/example-org/app",
    tag: "1.4.2",
    digest: null,
  },
  {
    name: "Harbor",
    path: "/hooks/harbor",
    file: "harbor",
    headers: () => corpusHeaders("harbor"),
    repository: "harbor.example.com/example-org/app",
    tag: "1.4.2",
    digest,
  },
  {
    name: "Harbor CloudEvents",
    path: "/hooks/harbor",
    file: "harbor-cloudevents",
    headers: () => corpusHeaders("harbor-cloudevents"),
    repository: "harbor.example.com/example-org/app",
    tag: "1.4.2",
    digest,
  },
  {
    name: "ACR",
    path: "/hooks/acr",
    file: "acr",
    headers: () => corpusHeaders("acr"),
    repository: "exampleregistry.azurecr.io/example-org/app",
    tag: "1.4.2",
    digest,
  },
  {
    name: "GAR",
    path: "/hooks/gar",
    file: "gar",
    headers: async () => ({ ...corpusHeaders("gar"), Authorization: `Bearer ${await garToken()}` }),
    repository: "europe-west1-docker.pkg.dev/example-project/example-repo/app",
    tag: "1.4.2",
    digest,
  },
  {
    name: "distribution",
    path: "/hooks/dist",
    file: "distribution",
    headers: () => corpusHeaders("distribution"),
    repository: "registry.example.com/example-org/app",
    tag: "1.4.2",
    digest,
  },
  {
    name: "JFrog",
    path: "/hooks/jfrog",
    file: "jfrog-artifactory",
    headers: () => corpusHeaders("jfrog-artifactory"),
    repository: "example.jfrog.io/docker-local/example-org/app",
    tag: "1.4.2",
    digest,
  },
  {
    name: "Nexus",
    path: "/hooks/nexus",
    file: "nexus",
    headers: () => corpusHeaders("nexus"),
    repository: "nexus.example.com:8082/example-org/app",
    tag: "1.4.2",
    digest: null,
  },
  {
    name: "ECR",
    path: "/hooks/ecr",
    file: "ecr",
    headers: () => ({ "Content-Type": "application/json; charset=utf-8", "X-Api-Key": ecrKey }),
    repository: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/example-org/app",
    tag: "1.4.2",
    digest,
  },
];

describe("registry webhook routes on the shared corpus", () => {
  it.each(cases)(
    "$name: the corpus delivery is accepted (202) with a job id, and a redelivery is a duplicate",
    async (c) => {
      const before = await queued();
      const first = await post(server.url + c.path, corpusBytes(c.file), await c.headers());
      expect(first.status).toBe(202);
      const [job] = first.body.accepted as { jobId: string; status: string; deliveryId: string }[];
      expect(job).toMatchObject({ status: "queued", jobId: expect.any(String) });
      expect(await queued()).toBe(before + 1);
      const again = await post(server.url + c.path, corpusBytes(c.file), await c.headers());
      expect(again.status).toBe(202);
      expect(again.body.accepted).toEqual([{ ...job, status: "duplicate" }]);
      expect(await queued()).toBe(before + 1);
      const ran: unknown[] = [];
      server.queue.process(async (j) => void ran.push([j.id, j.name, j.data]));
      await vi.waitFor(() => expect(ran).toHaveLength(1));
      expect(ran[0]).toEqual([
        job?.jobId,
        "image-pushed",
        expect.objectContaining({
          repository: c.repository,
          tag: c.tag,
          digest: c.digest,
          deliveryId: job?.deliveryId,
        }),
      ]);
    },
  );
});

describe("semantic dedupe across senders", () => {
  it("the same push as Harbor Default and Harbor CloudEvents makes one job", async () => {
    const first = await post(
      `${server.url}/hooks/harbor`,
      corpusBytes("harbor"),
      corpusHeaders("harbor"),
    );
    const second = await post(
      `${server.url}/hooks/harbor`,
      corpusBytes("harbor-cloudevents"),
      corpusHeaders("harbor-cloudevents"),
    );
    const [job] = first.body.accepted as { jobId: string }[];
    expect(second.body.accepted).toEqual([
      {
        jobId: job?.jobId,
        status: "duplicate",
        deliveryId: "harbor:e124b27a-3a7c-7426-bd24-ef802b8fdba4",
      },
    ]);
    expect(await queued()).toBe(1);
  });
});

describe("path token rotation", () => {
  it("accepts both configured Docker Hub tokens", async () => {
    const body = corpusBytes("dockerhub");
    expect(
      (await post(`${server.url}/hooks/hub/${hubToken}`, body, corpusHeaders("dockerhub"))).status,
    ).toBe(202);
    expect(
      (await post(`${server.url}/hooks/hub/${hubTokenNext}`, body, corpusHeaders("dockerhub")))
        .status,
    ).toBe(202);
  });
});

describe("observer", () => {
  it("is told what became of each delivery, by registry type", async () => {
    const seen: string[] = [];
    const observed = await startIngestServer(endpointConfig, {
      now: () => garNow,
      sources: endpointSources,
      observe: (source, outcome, count = 1) => seen.push(`${source} ${outcome} ${count}`),
    });
    try {
      const harbor = (file: string, headers = corpusHeaders(file)) =>
        post(`${observed.url}/hooks/harbor`, corpusBytes(file), headers);
      await harbor("harbor");
      await harbor("harbor-cloudevents");
      await harbor("harbor", { "Content-Type": "application/json" });
      await post(`${observed.url}/hooks/harbor`, "{", corpusHeaders("harbor"));
      expect(seen).toEqual([
        "harbor accepted 1",
        "harbor duplicate 1",
        "harbor refused 1",
        "harbor invalid 1",
      ]);
    } finally {
      await observed.close();
    }
  });
});
