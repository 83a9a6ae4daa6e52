import { describe, expect, it } from "vitest";
import { classifyFile } from "../../../src/core/formats/classify.js";
import { bumped, plan, refs } from "./helpers.js";

describe("file classification", () => {
  it.each([
    ["Dockerfile", "dockerfile"],
    ["build/Dockerfile.prod", "dockerfile"],
    ["api.Dockerfile", "dockerfile"],
    ["docker-compose.yml", "compose"],
    ["compose.override.yaml", "compose"],
    ["kustomization.yml", "kustomization"],
    ["Kustomization", "kustomization"],
    ["charts/x/values-prod.yaml", "values"],
    ["app/deploy.json", "manifest"],
    ["README.md", null],
    ["values.txt", null],
  ])("%s is %s", (path, category) => expect(classifyFile(path)).toBe(category));
});

describe("docker compose", () => {
  it("reads services.*.image, merges and variables", () => {
    const text = `x-base: &base
  image: ghcr.io/acme/base:1.0
services:
  web:
    image: nginx:1.27
  api:
    <<: *base
  db:
    image: "postgres:\${PG_TAG:-16}"
  cache:
    build: .
`;
    expect(
      refs("compose.yaml", text).map((r) => [r.line, r.image, r.repository, r.tag, r.editable]),
    ).toEqual([
      [2, "ghcr.io/acme/base:1.0", "ghcr.io/acme/base", "1.0", true],
      [5, "nginx:1.27", "docker.io/library/nginx", "1.27", true],
      [9, "postgres:${PG_TAG:-16}", "docker.io/library/postgres", "${PG_TAG:-16}", false],
    ]);
    const p = plan("compose.yaml", text, { repository: "ghcr.io/acme/base", tag: "1.1" });
    expect(p.files[0]?.text).toBe(text.replace("base:1.0", "base:1.1"));
    expect(p.warnings).toMatchObject([
      { code: "shared-anchor", message: expect.stringContaining("&base") },
    ]);
  });
});

describe("Dockerfile", () => {
  const text = `# syntax=docker/dockerfile:1
ARG GO=1.22
ARG BASE="gcr.io/distroless/static-debian12:nonroot"
FROM --platform=$BUILDPLATFORM golang:\${GO}-alpine AS build
FROM build AS test
FROM Build AS again
from \\
  node:20.11 as web
FROM scratch
FROM \${BASE}
FROM $REGISTRY/app:1.0
`;

  it("skips scratch and earlier stages, substitutes ARG defaults and keeps the raw text", () => {
    expect(
      refs("Dockerfile", text).map((r) => [r.line, r.image, r.repository, r.tag, r.editable]),
    ).toEqual([
      [4, "golang:${GO}-alpine", "docker.io/library/golang", "1.22-alpine", true],
      [7, "node:20.11", "docker.io/library/node", "20.11", true],
      [10, "${BASE}", "gcr.io/distroless/static-debian12", "nonroot", true],
      [11, "$REGISTRY/app:1.0", "$REGISTRY/app", "1.0", false],
    ]);
  });

  it("edits the tag in the FROM line, or in the ARG default it comes from", () => {
    expect(bumped("Dockerfile", text, { repository: "node", tag: "20.12" })).toBe(
      text.replace("node:20.11", "node:20.12"),
    );
    expect(bumped("Dockerfile", text, { repository: "golang", tag: "1.23-alpine" })).toBe(
      text.replace("GO=1.22", "GO=1.23"),
    );
    expect(
      bumped("Dockerfile", text, { repository: "gcr.io/distroless/static-debian12", tag: "debug" }),
    ).toBe(text.replace("static-debian12:nonroot", "static-debian12:debug"));
  });

  it("refuses a tag that does not fit the ARG template", () => {
    const p = plan("Dockerfile", text, { repository: "golang", tag: "1.23-bookworm" });
    expect(p.files).toEqual([]);
    expect(p.warnings).toMatchObject([
      { code: "cannot-edit", message: expect.stringContaining("-alpine") },
    ]);
  });

  it("an ARG shared by several FROM lines: each keeps its affix, and the plan says what else changes", () => {
    const shared =
      "ARG VER=3.19\nFROM alpine:${VER} AS base\nFROM alpine:${VER}-slim\nFROM python:${VER}\n";
    const p = plan("Dockerfile", shared, { repository: "alpine", tag: "3.20" });
    expect(p.files[0]?.text).toBe(shared.replace("VER=3.19", "VER=3.20"));
    expect(p.warnings.filter((w) => w.code === "shared-value")).toMatchObject([
      { line: 3, message: expect.stringMatching(/alpine:\$\{VER\}-slim .*line 2.*to 3\.20-slim$/) },
      { line: 4, message: expect.stringMatching(/python:\$\{VER\} .*line 2.*to 3\.20$/) },
    ]);
    // `${VER}` wants 3.20-slim in the ARG, `${VER}-slim` wants 3.20: neither is written.
    const conflict = plan("Dockerfile", shared, { repository: "alpine", tag: "3.20-slim" });
    expect(conflict.files).toEqual([]);
    expect(conflict.warnings).toMatchObject([
      { code: "cannot-edit", line: 2, message: expect.stringContaining("line(s) 3") },
      { code: "cannot-edit", line: 3, message: expect.stringContaining("line(s) 2") },
    ]);
  });

  it("keeps CRLF line endings", () => {
    const crlf = "FROM alpine:3.19\r\nRUN true\r\n";
    expect(bumped("Dockerfile", crlf, { repository: "alpine", tag: "3.20" })).toBe(
      "FROM alpine:3.20\r\nRUN true\r\n",
    );
  });
});
