import { describe, expect, it } from "vitest";
import { formatBranch, imageSlug, parseBranch } from "../../../src/core/pr/branch.js";
import { formatMarker, parseMarker } from "../../../src/core/pr/marker.js";

describe("bump branches", () => {
  it.each([
    ["ghcr.io/acme/api", "ghcr.io-acme-api"],
    ["docker.io/library/nginx", "nginx"],
    ["docker.io/bitnami/redis", "bitnami-redis"],
    ["localhost:5000/team/app", "localhost-5000-team-app"],
    ["registry.example.com/A/B", "registry.example.com-a-b"],
  ])("slugs %s as %s", (repository, slug) => {
    expect(imageSlug(repository)).toBe(slug);
  });

  it("round-trips through format and parse", () => {
    const name = formatBranch({
      prefix: "bumpwarden",
      environment: "staging",
      repository: "ghcr.io/acme/api",
    });
    expect(name).toBe("bumpwarden/staging/ghcr.io-acme-api");
    expect(parseBranch(name, "bumpwarden")).toEqual({
      prefix: "bumpwarden",
      environment: "staging",
      slug: "ghcr.io-acme-api",
    });
    expect(parseBranch(`refs/heads/${name}`, "bumpwarden")?.environment).toBe("staging");
  });

  it("does not claim other branches", () => {
    expect(parseBranch("main", "bumpwarden")).toBeUndefined();
    expect(parseBranch("bumpwarden/dev", "bumpwarden")).toBeUndefined();
    expect(parseBranch("bumpwarden/dev/a/b", "bumpwarden")).toBeUndefined();
    expect(parseBranch("renovate/dev/nginx", "bumpwarden")).toBeUndefined();
  });
});

describe("PR marker", () => {
  const marker = {
    image: "ghcr.io/acme/api",
    env: "prod",
    tag: "1.8.0",
    digest: "sha256:ab",
    from: ["1.7.0"],
  };

  it("round-trips and hides in an HTML comment", () => {
    const text = formatMarker(marker);
    expect(text).toMatch(/^<!-- bumpwarden:\{.*\} -->$/);
    expect(parseMarker(`## Bump\n\nbody text\n\n${text}\n`)).toEqual({ v: 1, ...marker });
  });

  it("survives a tag with a double dash", () => {
    const text = formatMarker({ ...marker, tag: "1.0--rc" });
    expect(text.slice(4, -3)).not.toContain("--");
    expect(parseMarker(text)?.tag).toBe("1.0--rc");
  });

  it.each([
    ["no body", null],
    ["a human PR", "Fixes #12"],
    ["a broken marker", "<!-- bumpwarden:{not json} -->"],
    ["a marker of another version", '<!-- bumpwarden:{"v":2,"image":"x"} -->'],
  ])("finds nothing in %s", (_name, body) => {
    expect(parseMarker(body)).toBeUndefined();
  });
});
