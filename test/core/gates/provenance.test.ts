import { describe, expect, it } from "vitest";
import {
  parseProvenance,
  parseSourceUri,
  readStatement,
  SLSA_V02,
  SLSA_V1,
} from "../../../src/core/gates/index.js";
import { ACME_BUILDER, COMMIT, GENERATOR, slsaV02, slsaV1, statement } from "./fixtures.js";

const DIGEST = `sha256:${"a".repeat(64)}`;

describe("SLSA provenance", () => {
  it("reads slsa-github-generator's v0.2 container provenance: builder, source, commit", () => {
    const p = parseProvenance(SLSA_V02, slsaV02());
    expect(p).toEqual({
      ok: true,
      value: {
        slsa: "v0.2",
        builderId: GENERATOR,
        buildType: "https://github.com/slsa-framework/slsa-github-generator/container@v1",
        source: {
          repository: "github.com/acme/api",
          uri: "git+https://github.com/acme/api@refs/heads/main",
          revision: COMMIT,
          ref: "refs/heads/main",
        },
      },
    });
  });

  it("reads GitHub's v1 workflow provenance: the workflow's repository, the commit from resolvedDependencies", () => {
    const p = parseProvenance(SLSA_V1, slsaV1({ ref: "refs/tags/v1.8.0" }));
    expect(p.ok && p.value).toEqual({
      slsa: "v1",
      builderId: ACME_BUILDER,
      buildType: "https://actions.github.io/buildtypes/workflow/v1",
      source: {
        repository: "github.com/acme/api",
        uri: "https://github.com/acme/api",
        revision: COMMIT,
        ref: "refs/tags/v1.8.0",
      },
    });
  });

  it("reads BuildKit's provenance (v0.2 vcs metadata, v1 buildkit_metadata) and a plain source parameter", () => {
    const kit02 = parseProvenance(SLSA_V02, {
      builder: { id: "https://github.com/acme/api/actions/runs/42/attempts/1" },
      buildType: "https://mobyproject.org/buildkit@v1",
      invocation: {
        configSource: { entryPoint: "Dockerfile" },
        parameters: { frontend: "dockerfile.v0" },
      },
      materials: [
        {
          uri: "pkg:docker/alpine@3.20?platform=linux%2Famd64",
          digest: { sha256: "b".repeat(64) },
        },
      ],
      metadata: {
        "https://mobyproject.org/buildkit@v1#metadata": {
          vcs: { source: "https://github.com/acme/api.git", revision: COMMIT },
        },
      },
    });
    expect(kit02.ok && kit02.value.source).toMatchObject({
      repository: "github.com/acme/api",
      revision: COMMIT,
    });

    const kit1 = parseProvenance(SLSA_V1, {
      buildDefinition: {
        buildType:
          "https://github.com/moby/buildkit/blob/master/docs/attestations/slsa-definitions.md",
        externalParameters: { configSource: { path: "Dockerfile" }, request: {} },
        resolvedDependencies: [
          { uri: "pkg:docker/golang@1.23", digest: { sha256: "c".repeat(64) } },
        ],
      },
      runDetails: {
        builder: { id: "https://buildkit.example/builder" },
        metadata: {
          buildkit_metadata: { vcs: { source: "git@github.com:acme/api.git", revision: COMMIT } },
        },
      },
    });
    expect(kit1.ok && kit1.value.source).toMatchObject({
      repository: "github.com/acme/api",
      revision: COMMIT,
    });

    const gcb = parseProvenance(SLSA_V1, {
      buildDefinition: {
        buildType: "https://cloudbuild.googleapis.com/CloudBuildYaml@v1",
        externalParameters: { source: "git+https://github.com/acme/api@refs/heads/main" },
        resolvedDependencies: [
          { uri: "git+https://github.com/acme/api@refs/heads/main", digest: { sha1: COMMIT } },
        ],
      },
      runDetails: { builder: { id: "https://cloudbuild.googleapis.com/GoogleHostedWorker" } },
    });
    expect(gcb.ok && gcb.value.source).toMatchObject({
      repository: "github.com/acme/api",
      revision: COMMIT,
      ref: "refs/heads/main",
    });
  });

  it("has no source when the provenance names none, and refuses a predicate without a builder", () => {
    const p = parseProvenance(SLSA_V1, {
      buildDefinition: { buildType: "x" },
      runDetails: { builder: { id: "https://b" } },
    });
    expect(p.ok && p.value.source).toBeNull();
    expect(parseProvenance(SLSA_V02, { buildType: "x" })).toEqual({
      ok: false,
      error: "the SLSA v0.2 provenance has no builder.id",
    });
    expect(parseProvenance(SLSA_V1, slsaV02()).ok).toBe(false);
  });

  it("recognizes provenance in a statement (in-toto v0.1 and v1)", () => {
    const a = readStatement(
      statement(DIGEST, SLSA_V02, slsaV02(), "api", "https://in-toto.io/Statement/v0.1") as never,
    );
    expect(a.kind).toBe("provenance");
    const b = readStatement(statement(DIGEST, "https://slsa.dev/provenance/v0.1", {}) as never);
    expect(b).toEqual({
      kind: "other",
      note: "predicate type https://slsa.dev/provenance/v0.1 is not used by the gates",
    });
  });
});

describe("source URIs", () => {
  it.each([
    ["git+https://github.com/acme/api@refs/heads/main", "github.com/acme/api", "refs/heads/main"],
    ["https://github.com/acme/api.git#refs/tags/v1.2.0", "github.com/acme/api", "refs/tags/v1.2.0"],
    ["https://github.com/acme/api", "github.com/acme/api", null],
    ["git@github.com:acme/api.git", "github.com/acme/api", null],
    ["git+ssh://git@GitHub.com/acme/api", "github.com/acme/api", null],
    [
      "https://gitlab.example.com:8443/group/sub/repo.git",
      "gitlab.example.com/group/sub/repo",
      null,
    ],
    ["github.com/acme/api", "github.com/acme/api", null],
  ])("%s", (uri, repository, ref) => {
    expect(parseSourceUri(uri)).toEqual({ repository, ref });
  });

  it.each(["", "pkg:docker/alpine@3.20", "not a url"])("%j is not a source", (uri) => {
    expect(parseSourceUri(uri)).toBeNull();
  });
});
