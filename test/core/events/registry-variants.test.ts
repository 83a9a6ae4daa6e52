import { describe, expect, it } from "vitest";
import type { NormalizeOutcome } from "../../../src/core/events/outcome.js";
import type { RegistryKind } from "../../../src/core/events/registry-normalizers.js";
import { registryNormalizers } from "../../../src/core/events/registry-normalizers.js";
import { corpusJson, digest, receivedAt } from "./corpus.js";

/** A corpus body with fields set (or deleted, with `undefined`) by dotted path: `{"target.tag": "x"}`. */
function from(file: string, edits: Record<string, unknown> = {}): unknown {
  const body = structuredClone(corpusJson(file));
  for (const [path, value] of Object.entries(edits)) {
    const keys = path.split(".");
    const last = keys.pop() ?? "";
    let node = body as Record<string, unknown>;
    for (const key of keys) node = node[key] as Record<string, unknown>;
    if (value === undefined && Array.isArray(node)) node.splice(Number(last), 1);
    else if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return body;
}

function run(
  kind: RegistryKind,
  body: unknown,
  opts: { registry?: string; headers?: Record<string, string> } = {},
) {
  return registryNormalizers[kind]({
    body,
    headers: opts.headers ?? {},
    receivedAt,
    ...(opts.registry ? { registry: opts.registry } : {}),
  });
}

function garBody(message: unknown): unknown {
  const data = Buffer.from(
    typeof message === "string" ? message : JSON.stringify(message),
  ).toString("base64");
  return from("gar", { "message.data": data });
}

const tags = (o: NormalizeOutcome) =>
  o.kind === "accepted" ? o.images.map((i) => [i.repository, i.tag, i.digest]) : o.kind;

describe("hostile names and tags are invalid, for every registry", () => {
  const hostile: [string, RegistryKind, unknown][] = [
    [
      "homoglyph (Cyrillic а) in Docker Hub name",
      "dockerhub",
      from("dockerhub", { "repository.repo_name": "example-org/\u0430pp" }),
    ],
    [
      "path traversal in Docker Hub name",
      "dockerhub",
      from("dockerhub", { "repository.repo_name": "example-org/../../etc/passwd" }),
    ],
    [
      "shell characters in Docker Hub tag",
      "dockerhub",
      from("dockerhub", { "push_data.tag": "1.4.2;rm -rf /" }),
    ],
    [
      "command substitution in Harbor tag",
      "harbor",
      from("harbor", { "event_data.resources.0.tag": "$(id)" }),
    ],
    [
      "traversal in Harbor repository",
      "harbor",
      from("harbor", { "event_data.repository.repo_full_name": "../app" }),
    ],
    [
      "homoglyph host in Harbor resource_url",
      "harbor",
      from("harbor", {
        "event_data.resources.0.resource_url": "h\u0430rbor.example.com/example-org/app:1.4.2",
      }),
    ],
    ["backticks in a Quay tag", "quay", from("quay", { updated_tags: ["`reboot`"] })],
    ["newline in an ACR tag", "acr", from("acr", { "target.tag": "1.4.2\nmalicious" })],
    [
      "upper case in an ACR repository",
      "acr",
      from("acr", { "target.repository": "Example-Org/App" }),
    ],
    [
      "pipe in a GAR tag",
      "gar",
      garBody({ action: "INSERT", tag: "europe-west1-docker.pkg.dev/p/r/app:1.0|sh" }),
    ],
    [
      "fullwidth solidus in a distribution repository",
      "distribution",
      from("distribution", { "events.1.target.repository": "example-org\uff0fapp" }),
    ],
    ["ampersand in a JFrog tag", "jfrog", from("jfrog-artifactory", { "data.tag": "1.4.2&&curl" })],
    [
      "a bare-hex JFrog checksum that is not sha256",
      "jfrog",
      from("jfrog-artifactory", { "data.sha256": "abc" }),
    ],
    ["a tag over 128 characters", "ecr", from("ecr", { "detail.image-tag": "a".repeat(129) })],
    ["a digest of the wrong length", "ecr", from("ecr", { "detail.image-digest": "sha256:abc" })],
    [
      "a generic repository with a scheme",
      "generic",
      { repository: "https://evil.example.com/app", tag: "1" },
    ],
    [
      "a generic tag starting with a dash (option injection)",
      "generic",
      { repository: "ghcr.io/acme/api", tag: "-rf" },
    ],
    [
      "an oversize delivery id",
      "generic",
      { id: "x".repeat(500), repository: "ghcr.io/acme/api", tag: "1" },
    ],
  ];
  it.each(hostile)("%s", (_name, kind, body) => {
    const registry = kind === "nexus" ? "nexus.example.com" : undefined;
    const outcome = run(kind, body, registry ? { registry } : {});
    expect(outcome.kind).toBe("invalid");
  });

  it("refuses Nexus names with shell characters", () => {
    const body = from("nexus", { "component.name": "example-org/app;id" });
    expect(run("nexus", body, { registry: "nexus.example.com" }).kind).toBe("invalid");
  });
});

describe("per-registry rules", () => {
  it("Docker Hub: official images normalize to library/, a configured registry wins", () => {
    expect(tags(run("dockerhub", from("dockerhub", { "repository.repo_name": "nginx" })))).toEqual([
      ["docker.io/library/nginx", "1.4.2", null],
    ]);
    expect(tags(run("dockerhub", from("dockerhub"), { registry: "mirror.example.com" }))).toEqual([
      ["mirror.example.com/example-org/app", "1.4.2", null],
    ]);
    expect(run("dockerhub", { push_data: {} }).kind).toBe("invalid");
  });

  it("Harbor: a push by digest is digest-only; other event types are ignored; the host must be known", () => {
    const byDigest = from("harbor", { "event_data.resources.0.tag": digest });
    expect(tags(run("harbor", byDigest))).toEqual([
      ["harbor.example.com/example-org/app", null, digest],
    ]);
    expect(run("harbor", from("harbor", { type: "PULL_ARTIFACT" }))).toEqual({
      kind: "ignored",
      reason: 'Harbor event type "PULL_ARTIFACT" is not used',
    });
    expect(
      run("harbor", from("harbor-cloudevents", { type: "harbor.artifact.deleted" })).kind,
    ).toBe("ignored");
    const noHost = from("harbor", { "event_data.resources.0.resource_url": undefined });
    expect(run("harbor", noHost).kind).toBe("invalid");
    expect(tags(run("harbor", noHost, { registry: "harbor.internal:8443" }))).toEqual([
      ["harbor.internal:8443/example-org/app", "1.4.2", digest],
    ]);
  });

  it("Quay: every updated tag, list or legacy map; the host comes from docker_url", () => {
    expect(tags(run("quay", from("quay", { updated_tags: ["1.4.2", "latest"] })))).toEqual([
      ["quay.io/example-org/app", "1.4.2", null],
      ["quay.io/example-org/app", "latest", null],
    ]);
    expect(tags(run("quay", from("quay", { updated_tags: { "1.4.2": "abc" } })))).toEqual([
      ["quay.io/example-org/app", "1.4.2", null],
    ]);
    expect(run("quay", from("quay", { updated_tags: [] }))).toEqual({
      kind: "ignored",
      reason: "repo_push without updated tags",
    });
    expect(run("quay", from("quay", { docker_url: undefined })).kind).toBe("invalid");
  });

  it("ACR: delete is ignored, a push without tag is digest-only", () => {
    expect(run("acr", from("acr", { action: "delete" })).kind).toBe("ignored");
    expect(tags(run("acr", from("acr", { "target.tag": undefined })))).toEqual([
      ["exampleregistry.azurecr.io/example-org/app", null, digest],
    ]);
    expect(run("acr", from("acr", { request: undefined })).kind).toBe("invalid");
  });

  it("GAR: DELETE is ignored, an untagged upload is digest-only, bad data is invalid", () => {
    const repo = "europe-west1-docker.pkg.dev/example-project/example-repo/app";
    expect(run("gar", garBody({ action: "DELETE", tag: `${repo}:1.4.2` })).kind).toBe("ignored");
    expect(tags(run("gar", garBody({ action: "INSERT", digest: `${repo}@${digest}` })))).toEqual([
      [repo, null, digest],
    ]);
    expect(
      run(
        "gar",
        garBody({ action: "INSERT", tag: `${repo}:1`, digest: `gcr.io/other/app@${digest}` }),
      ).kind,
    ).toBe("invalid");
    expect(run("gar", from("gar", { "message.data": "not base64!" })).kind).toBe("invalid");
    expect(run("gar", garBody("[".repeat(100) + "]".repeat(100))).kind).toBe("invalid");
    expect(run("gar", garBody("{not json")).kind).toBe("invalid");
  });

  it("distribution: only tagged manifest pushes; blobs, pulls and digest pushes are dropped", () => {
    const onlyLayer = from("distribution", { "events.1": undefined });
    expect(run("distribution", onlyLayer)).toEqual({
      kind: "ignored",
      reason: "no tagged manifest push in the envelope",
    });
    expect(run("distribution", from("distribution", { "events.1.action": "pull" })).kind).toBe(
      "ignored",
    );
    expect(
      run("distribution", from("distribution", { "events.1.target.tag": undefined })).kind,
    ).toBe("ignored");
    const index = from("distribution", {
      "events.1.target.mediaType": "application/vnd.oci.image.index.v1+json",
    });
    expect(tags(run("distribution", index, { registry: "registry.internal:5000" }))).toEqual([
      ["registry.internal:5000/example-org/app", "1.4.2", digest],
    ]);
    expect(run("distribution", from("distribution", { "events.0": { id: 1 } })).kind).toBe(
      "invalid",
    );
  });

  it("JFrog: both envelope shapes, a registry template with {repo_key}", () => {
    const bare = (corpusJson("jfrog-artifactory") as { data: unknown }).data;
    expect(run("jfrog", bare).kind).toBe("invalid");
    expect(tags(run("jfrog", bare, { registry: "{repo_key}.example.jfrog.io" }))).toEqual([
      ["docker-local.example.jfrog.io/example-org/app", "1.4.2", digest],
    ]);
    expect(run("jfrog", from("jfrog-artifactory", { domain: "artifact" })).kind).toBe("ignored");
    expect(run("jfrog", from("jfrog-artifactory", { "data.event_type": "deleted" })).kind).toBe(
      "ignored",
    );
  });

  it("Nexus: needs the endpoint's registry; other actions, formats and hooks are ignored", () => {
    expect(run("nexus", from("nexus")).kind).toBe("invalid");
    const registry = "nexus.example.com/{repository_name}";
    expect(tags(run("nexus", from("nexus"), { registry }))).toEqual([
      ["nexus.example.com/docker-hosted/example-org/app", "1.4.2", null],
    ]);
    expect(run("nexus", from("nexus", { action: "DELETED" }), { registry }).kind).toBe("ignored");
    expect(run("nexus", from("nexus", { "component.format": "maven2" }), { registry }).kind).toBe(
      "ignored",
    );
    expect(
      run("nexus", from("nexus"), {
        registry,
        headers: { "x-nexus-webhook-id": "rm:repository:asset" },
      }).kind,
    ).toBe("ignored");
  });

  it("ECR: only successful pushes; a push by digest is digest-only", () => {
    expect(run("ecr", from("ecr", { "detail.action-type": "DELETE" })).kind).toBe("ignored");
    expect(run("ecr", from("ecr", { "detail.result": "FAILURE" })).kind).toBe("ignored");
    expect(run("ecr", from("ecr", { "detail-type": "ECR Image Scan" })).kind).toBe("ignored");
    expect(tags(run("ecr", from("ecr", { "detail.image-tag": undefined })))).toEqual([
      ["111122223333.dkr.ecr.eu-west-1.amazonaws.com/example-org/app", null, digest],
    ]);
    expect(run("ecr", from("ecr", { account: "../../x" })).kind).toBe("invalid");
  });

  it("generic: one image or a batch, each batch member with its own delivery id", () => {
    const one = run("generic", {
      id: "build-7",
      repository: "ghcr.io/acme/api",
      tag: "1.8.0",
      revision: "88A9F2E556ACEA846467CA7C0B80BB7B919B5CCB",
    });
    expect(one).toEqual({
      kind: "accepted",
      scans: [],
      images: [
        {
          repository: "ghcr.io/acme/api",
          tag: "1.8.0",
          digest: null,
          source: "generic",
          deliveryId: "generic:build-7",
          receivedAt,
          revision: "88a9f2e556acea846467ca7c0b80bb7b919b5ccb",
        },
      ],
    });
    const batch = run("generic", {
      id: "b",
      images: [
        { repository: "ghcr.io/acme/api", tag: "1" },
        { repository: "ghcr.io/acme/web", digest },
      ],
    });
    expect(batch.kind === "accepted" && batch.images.map((i) => i.deliveryId)).toEqual([
      "generic:b#0",
      "generic:b#1",
    ]);
    expect(run("generic", { repository: "ghcr.io/acme/api" }).kind).toBe("invalid");
  });
});
