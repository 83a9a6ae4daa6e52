import { describe, expect, it } from "vitest";
import type { ImagePushed } from "../../../src/core/events/image-pushed.js";
import { semanticKey } from "../../../src/core/events/image-pushed.js";
import type { RegistryKind } from "../../../src/core/events/registry-normalizers.js";
import { registryNormalizers } from "../../../src/core/events/registry-normalizers.js";
import { corpusHeaders, corpusJson, digest, receivedAt } from "./corpus.js";

function normalize(
  kind: RegistryKind,
  body: unknown,
  headers: Record<string, string> = {},
  registry?: string,
) {
  return registryNormalizers[kind]({
    body,
    headers,
    receivedAt,
    ...(registry ? { registry } : {}),
  });
}

function image(
  fields: Partial<ImagePushed> & Pick<ImagePushed, "repository" | "source">,
): ImagePushed {
  const base = { tag: "1.4.2", digest: null, receivedAt, ...fields };
  return { ...base, deliveryId: fields.deliveryId ?? semanticKey(base) } as ImagePushed;
}

describe("registry normalizers on the shared corpus", () => {
  const cases: { kind: RegistryKind; file: string; registry?: string; expected: ImagePushed }[] = [
    {
      kind: "dockerhub",
      file: "dockerhub",
      expected: image({ source: "dockerhub", repository: "docker.io/example-org/app" }),
    },
    {
      kind: "harbor",
      file: "harbor",
      expected: image({
        source: "harbor",
        repository: "harbor.example.com/example-org/app",
        digest,
      }),
    },
    {
      kind: "harbor",
      file: "harbor-cloudevents",
      expected: image({
        source: "harbor",
        repository: "harbor.example.com/example-org/app",
        digest,
        deliveryId: "harbor:e124b27a-3a7c-7426-bd24-ef802b8fdba4",
      }),
    },
    {
      kind: "quay",
      file: "quay",
      expected: image({ source: "quay", repository: "quay.io/example-org/app" }),
    },
    {
      kind: "acr",
      file: "acr",
      expected: image({
        source: "acr",
        repository: "exampleregistry.azurecr.io/example-org/app",
        digest,
        deliveryId: "acr:09c9e913-59af-d2c6-bbd1-0833b6c98fe4",
      }),
    },
    {
      kind: "gar",
      file: "gar",
      expected: image({
        source: "gar",
        repository: "europe-west1-docker.pkg.dev/example-project/example-repo/app",
        digest,
        deliveryId: "gar:13579246801357924",
      }),
    },
    {
      kind: "distribution",
      file: "distribution",
      expected: image({
        source: "distribution",
        repository: "registry.example.com/example-org/app",
        digest,
        deliveryId: "distribution:f77648e5-d3e0-2722-2417-fcba0f7291cb",
      }),
    },
    {
      kind: "jfrog",
      file: "jfrog-artifactory",
      expected: image({
        source: "jfrog",
        repository: "example.jfrog.io/docker-local/example-org/app",
        digest,
      }),
    },
    {
      kind: "nexus",
      file: "nexus",
      registry: "nexus.example.com:8082",
      expected: image({
        source: "nexus",
        repository: "nexus.example.com:8082/example-org/app",
        deliveryId: "nexus:986161b5-83fd-3f05-b716-bbba079db721",
      }),
    },
    {
      kind: "ecr",
      file: "ecr",
      expected: image({
        source: "ecr",
        repository: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/example-org/app",
        digest,
        deliveryId: "ecr:de7db048-05a3-3606-a40b-897578543648",
      }),
    },
  ];

  it.each(cases)("$file → one ImagePushed", ({ kind, file, registry, expected }) => {
    let headers: Record<string, string> = {};
    try {
      headers = corpusHeaders(file);
    } catch {
      // ecr.json and harbor-scanning-completed.json have no headers file
    }
    expect(normalize(kind, corpusJson(file), headers, registry)).toEqual({
      kind: "accepted",
      images: [expected],
      scans: [],
    });
  });

  it("keys the same push from different senders alike when host, repository, tag and digest agree", () => {
    const harbor = normalize("harbor", corpusJson("harbor"));
    const cloud = normalize("harbor", corpusJson("harbor-cloudevents"));
    if (harbor.kind !== "accepted" || cloud.kind !== "accepted")
      throw new Error("expected accepted");
    expect(semanticKey(harbor.images[0]!)).toBe(semanticKey(cloud.images[0]!));
    expect(semanticKey(harbor.images[0]!)).toBe(
      `image:harbor.example.com/example-org/app:1.4.2@${digest}`,
    );
  });

  it("parses Harbor SCANNING_COMPLETED as a scan event", () => {
    const outcome = normalize("harbor", corpusJson("harbor-scanning-completed"));
    expect(outcome).toEqual({
      kind: "accepted",
      images: [],
      scans: [
        {
          repository: "harbor.example.com/example-org/app",
          tag: "1.4.2",
          digest,
          source: "harbor",
          deliveryId: `scan:image:harbor.example.com/example-org/app:1.4.2@${digest}`,
          receivedAt,
          reports: [
            {
              mimeType: "application/vnd.security.vulnerability.report; version=1.1",
              status: "Success",
              severity: "Medium",
              total: 3,
              fixable: 2,
              bySeverity: { Medium: 2, Low: 1 },
              scanner: { name: "Trivy", vendor: "Aqua Security", version: "v0.56.2" },
            },
          ],
        },
      ],
    });
  });
});
