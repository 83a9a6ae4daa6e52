import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  dockerReference,
  familiarName,
  formatReference,
  isValidDigest,
  isValidTag,
  normalizeRepository,
  parseNormalized,
  parseReference,
} from "../../src/core/image-ref.js";
import { corpusUrl } from "../harness/corpus.js";

const casesUrl = corpusUrl("reference/cases.json");
const caseSchema = z.looseObject({ id: z.string(), kind: z.string(), input: z.string() });
const cases = z.array(caseSchema).parse(JSON.parse(readFileSync(casesUrl, "utf8")));
type Case = Record<string, unknown> & { id: string; kind: string; input: string };

const GO_ERRORS: Record<string, string> = {
  ErrReferenceInvalidFormat: "invalid-format",
  ErrNameEmpty: "name-empty",
  ErrNameContainsUppercase: "name-uppercase",
  ErrNameTooLong: "name-too-long",
  "digest.ErrDigestInvalidLength": "digest-invalid-length",
  "digest.ErrDigestUnsupported": "digest-unsupported",
  "digest.ErrDigestInvalidFormat": "invalid-format",
};

function check(c: Case): void {
  switch (c.kind) {
    case "parse": {
      const r = parseReference(c.input);
      if (c.error !== null) {
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.code).toBe(GO_ERRORS[String(c.error)]);
        return;
      }
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const { name, domain, path, tag, digest } = r.value;
      expect({ name, domain, path, tag, digest }).toEqual({
        name: c.name,
        domain: c.domain,
        path: c.path,
        tag: c.tag,
        digest: c.digest,
      });
      expect(formatReference(r.value)).toBe(c.input);
      return;
    }
    case "normalize-valid":
      expect(parseNormalized(c.input).ok).toBe(c.valid);
      return;
    case "normalize":
    case "normalize-split": {
      const r = parseNormalized(c.input);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect({ domain: r.value.domain, path: r.value.path }).toEqual({
        domain: c.domain,
        path: c.path,
      });
      if (c.kind === "normalize") {
        expect(r.value.repository).toBe(c.full);
        expect(familiarName(r.value.repository)).toBe(c.familiar);
      }
      return;
    }
    case "parse-any": {
      const digest = /^[a-f0-9]{64}$/.test(c.input) ? `sha256:${c.input}` : c.input;
      if (isValidDigest(digest)) {
        expect(digest).toBe(c.equivalent);
        return;
      }
      const r = parseNormalized(c.input);
      expect(r.ok).toBe(true);
      if (r.ok)
        expect(formatReference({ ...r.value, name: r.value.repository })).toBe(c.equivalent);
      return;
    }
    case "docker-ref":
      expect(dockerReference(c.input)).toEqual({ ok: true, value: c.expected });
      return;
    default:
      throw new Error(`unknown case kind ${c.kind}`);
  }
}

describe("image references: distribution/reference facts", () => {
  it("has all 97 cases", () => expect(cases).toHaveLength(97));
  it.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => check(c as Case));
});

describe("image references: our additions", () => {
  it("normalizes repositories the Docker way and leaves variables alone", () => {
    expect(normalizeRepository("nginx")).toBe("docker.io/library/nginx");
    expect(normalizeRepository("index.docker.io/nginx")).toBe("docker.io/library/nginx");
    expect(normalizeRepository("ghcr.io/acme/api")).toBe("ghcr.io/acme/api");
    expect(normalizeRepository("localhost/api")).toBe("localhost/api");
    expect(normalizeRepository("${REGISTRY}/api")).toBe("${REGISTRY}/api");
  });

  it("explains a bad tag separately from a bad name", () => {
    expect(parseReference("nginx:1.0 beta")).toMatchObject({
      ok: false,
      error: { code: "tag-invalid" },
    });
    expect(parseReference("nginx:$(rm -rf)")).toMatchObject({
      ok: false,
      error: { code: "tag-invalid" },
    });
    expect(parseReference("ng inx:1")).toMatchObject({
      ok: false,
      error: { code: "invalid-format" },
    });
    expect(parseReference("")).toMatchObject({ ok: false, error: { code: "name-empty" } });
  });

  it("validates tags and digests", () => {
    expect([
      isValidTag("v1.2.3"),
      isValidTag("_x"),
      isValidTag("-x"),
      isValidTag("a".repeat(129)),
    ]).toEqual([true, true, false, false]);
    expect(isValidDigest(`sha256:${"a".repeat(64)}`)).toBe(true);
    expect(isValidDigest(`sha256:${"A".repeat(64)}`)).toBe(false);
    expect(isValidDigest(`constructor:${"a".repeat(64)}`)).toBe(false);
  });

  it("rejects a bare image id but keeps the full reference fields", () => {
    expect(parseReference("a".repeat(64)).ok).toBe(false);
    const r = parseReference("ghcr.io/acme/api:1.2@sha256:" + "b".repeat(64));
    expect(r).toMatchObject({
      ok: true,
      value: { domain: "ghcr.io", path: "acme/api", repository: "ghcr.io/acme/api", tag: "1.2" },
    });
  });
});
