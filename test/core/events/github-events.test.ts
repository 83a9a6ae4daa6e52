import examples from "@octokit/webhooks-examples";
import { describe, expect, it } from "vitest";
import { normalizeGhcr } from "../../../src/core/events/ghcr.js";
import { normalizeIndexEvent } from "../../../src/core/events/github-index.js";
import { parseImageArtifact } from "../../../src/core/events/workflow-artifact.js";
import type { WorkflowRunTrigger } from "../../../src/core/events/workflow-run.js";
import { normalizeWorkflowRun } from "../../../src/core/events/workflow-run.js";
import { commit, corpusHeaders, corpusJson, digest, receivedAt } from "./corpus.js";

function octokitExamples(event: string): Record<string, unknown>[] {
  const group = (
    examples as unknown as { name: string; examples: Record<string, unknown>[] }[]
  ).find((e) => e.name === event);
  if (!group) throw new Error(`no @octokit/webhooks-examples for ${event}`);
  return group.examples;
}

function corpusDelivery(file: string) {
  const headers = corpusHeaders(file);
  return {
    event: headers["x-github-event"] ?? "",
    deliveryId: headers["x-github-delivery"] ?? "",
    payload: corpusJson(file),
    receivedAt,
  };
}

const edit = (payload: unknown, fn: (p: Record<string, Record<string, unknown>>) => void) => {
  const copy = structuredClone(payload) as Record<string, Record<string, unknown>>;
  fn(copy);
  return copy;
};

describe("GHCR package events", () => {
  it.each(["ghcr-package", "ghcr-registry-package"])(
    "%s → a tagged image with digest and revision",
    (file) => {
      const d = corpusDelivery(file);
      expect(normalizeGhcr(d)).toEqual({
        kind: "accepted",
        scans: [],
        images: [
          {
            repository: "ghcr.io/example-org/app",
            tag: "1.4.2",
            digest,
            source: "ghcr",
            deliveryId: `ghcr:${d.deliveryId}`,
            revision: commit,
            receivedAt,
          },
        ],
      });
    },
  );

  it("reads the octokit example: an untagged container version on an upper-case owner, with a malformed digest", () => {
    const [, container] = octokitExamples("package");
    const outcome = normalizeGhcr({
      event: "package",
      deliveryId: "d1",
      payload: container,
      receivedAt,
    });
    expect(outcome).toEqual({
      kind: "invalid",
      reason: 'digest "sha256:6c62fb45fe66bfb1ea9a66abc38f6a0cc974292b" is not a valid digest',
    });
  });

  it("an untagged version is digest-only, on the lower-cased repository", () => {
    const [, container] = octokitExamples("package");
    const fixed = edit(container, (p) => {
      const meta = (
        p.package!.package_version as Record<string, Record<string, Record<string, string>>>
      ).container_metadata!;
      meta.tag!.digest = digest;
    });
    const outcome = normalizeGhcr({
      event: "package",
      deliveryId: "d2",
      payload: fixed,
      receivedAt,
    });
    expect(outcome.kind === "accepted" && outcome.images[0]).toMatchObject({
      repository: "ghcr.io/codertocat/hello-world",
      tag: null,
      digest,
    });
  });

  it("ignores npm packages and other actions", () => {
    const [npm] = octokitExamples("package");
    expect(
      normalizeGhcr({ event: "package", deliveryId: "d", payload: npm, receivedAt }).kind,
    ).toBe("ignored");
    const d = corpusDelivery("ghcr-package");
    expect(
      normalizeGhcr({
        ...d,
        payload: edit(d.payload, (p) => ((p as Record<string, unknown>).action = "deleted")),
      }).kind,
    ).toBe("ignored");
    expect(normalizeGhcr({ ...d, event: "push" }).kind).toBe("ignored");
  });
});

describe("workflow_run", () => {
  const templates: WorkflowRunTrigger = {
    workflows: [".github/workflows/build.yml"],
    image: "ghcr.io/{owner}/{repo}",
    tag: "sha-{short_sha}",
  };

  it("a successful run on the default branch names the image from the templates", () => {
    const d = corpusDelivery("github-workflow-run");
    expect(normalizeWorkflowRun(d, templates)).toEqual({
      kind: "accepted",
      scans: [],
      images: [
        {
          repository: "ghcr.io/example-org/app",
          tag: "sha-88a9f2e",
          digest: null,
          source: "workflow_run",
          deliveryId: `workflow_run:${d.deliveryId}`,
          revision: commit,
          // The run's repository: `ci` tag policies order tags by its commits.
          sourceRepository: "github.com/example-org/app",
          receivedAt,
        },
      ],
    });
  });

  it("the artifact convention asks the worker to read image.json from the run", () => {
    const d = corpusDelivery("github-workflow-run");
    const outcome = normalizeWorkflowRun(d, { artifact: "bumpwarden-image" });
    expect(outcome).toEqual({
      kind: "artifact",
      request: {
        installationId: 901234,
        owner: "example-org",
        repo: "app",
        runId: 6000006,
        headSha: commit,
        artifactName: "bumpwarden-image",
        deliveryId: d.deliveryId,
        receivedAt,
      },
    });
    if (outcome.kind !== "artifact") throw new Error("expected an artifact request");
    const file = JSON.stringify({ repository: "ghcr.io/example-org/app", tag: "1.4.2", digest });
    expect(parseImageArtifact(file, outcome.request)).toMatchObject({
      kind: "accepted",
      images: [
        {
          repository: "ghcr.io/example-org/app",
          tag: "1.4.2",
          digest,
          revision: commit,
          source: "workflow_run",
        },
      ],
    });
    expect(parseImageArtifact("{", outcome.request).kind).toBe("invalid");
    expect(
      parseImageArtifact(JSON.stringify({ repository: "ghcr.io/x/y", tag: "a b" }), outcome.request)
        .kind,
    ).toBe("invalid");
  });

  const run = (fn: (r: Record<string, unknown>) => void) => {
    const d = corpusDelivery("github-workflow-run");
    return normalizeWorkflowRun(
      { ...d, payload: edit(d.payload, (p) => fn(p.workflow_run!)) },
      templates,
    );
  };

  it.each([
    ["a failed run", (r: Record<string, unknown>) => (r.conclusion = "failure")],
    ["another branch", (r: Record<string, unknown>) => (r.head_branch = "feature")],
    ["a pull request run", (r: Record<string, unknown>) => (r.event = "pull_request")],
    ["a fork", (r: Record<string, unknown>) => (r.head_repository = { full_name: "mallory/app" })],
    ["another workflow", (r: Record<string, unknown>) => (r.path = ".github/workflows/lint.yml")],
  ])("ignores %s", (_name, fn) => {
    expect(run(fn).kind).toBe("ignored");
  });

  it("refuses a template with an unknown placeholder", () => {
    const d = corpusDelivery("github-workflow-run");
    expect(normalizeWorkflowRun(d, { image: "ghcr.io/{org}/{repo}", tag: "{sha}" })).toEqual({
      kind: "invalid",
      reason: expect.stringContaining("unknown placeholder {org}"),
    });
  });

  it("reads the octokit examples: requested runs and repository_dispatch runs without conclusion", () => {
    const outcomes = octokitExamples("workflow_run").map((payload, i) =>
      normalizeWorkflowRun(
        { event: "workflow_run", deliveryId: `d${i}`, payload, receivedAt },
        { image: "ghcr.io/{owner}/{repo}", tag: "{sha}" },
      ),
    );
    expect(outcomes.map((o) => o.kind)).toEqual([
      "ignored",
      "accepted",
      "accepted",
      "ignored",
      "ignored",
    ]);
    expect(outcomes[1]).toMatchObject({ images: [{ repository: "ghcr.io/octo-org/octo-repo" }] });
  });
});

describe("index events", () => {
  const at = (event: string, payload: unknown) =>
    normalizeIndexEvent({ event, deliveryId: "d", payload, receivedAt });

  it("push: only the default branch of an installation, with the changed paths", () => {
    const outcomes = octokitExamples("push").map((p) => at("push", p));
    expect(outcomes.map((o) => o.kind)).toEqual([
      "ignored",
      "ignored",
      "ignored",
      "ignored",
      "index",
      "index",
      "ignored",
    ]);
    expect(outcomes[4]).toEqual({
      kind: "index",
      update: {
        kind: "repository-pushed",
        installationId: 1,
        repository: "Codertocat/Hello-World",
        before: "0000000000000000000000000000000000000000",
        after: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
        changedPaths: expect.any(Array),
        deliveryId: "d",
        receivedAt,
      },
    });
  });

  it("push with 20 commits asks for a rescan", () => {
    const payload = edit(octokitExamples("push")[4], (p) => {
      (p as Record<string, unknown>).commits = Array.from({ length: 20 }, () => ({
        added: ["a.yaml"],
      }));
    });
    const outcome = at("push", payload);
    expect(
      outcome.kind === "index" &&
        outcome.update.kind === "repository-pushed" &&
        outcome.update.changedPaths,
    ).toBeNull();
  });

  it("installation and installation_repositories add and remove repositories", () => {
    const kinds = octokitExamples("installation").map((p) => {
      const o = at("installation", p);
      return o.kind === "index" ? o.update.kind : o.kind;
    });
    expect(kinds).toEqual([
      "repositories-removed",
      "repositories-added",
      "repositories-added",
      "repositories-removed",
      "repositories-added",
      "repositories-removed",
      "repositories-added",
    ]);
    const [added, , removed] = octokitExamples("installation_repositories").map((p) =>
      at("installation_repositories", p),
    );
    expect(added).toMatchObject({
      update: {
        kind: "repositories-added",
        installationId: 957387,
        repositories: ["Codertocat/Space"],
        relist: false,
      },
    });
    expect(removed).toMatchObject({
      update: {
        kind: "repositories-removed",
        installationId: 2,
        repositories: ["octocat/Hello-World"],
      },
    });
  });

  it("other events are ignored; malformed ones are invalid", () => {
    expect(at("issues", {}).kind).toBe("ignored");
    expect(at("push", { ref: 1 }).kind).toBe("invalid");
  });
});
