import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULE_IDS } from "../../../../src/core/review/catalog.js";
import {
  formatFindingMarker,
  parseFindingMarker,
} from "../../../../src/core/review/report/marker.js";
import {
  RULES_DOC_URL,
  documentedRules,
  githubSlug,
  ruleDocUrl,
} from "../../../../src/core/review/report/rule-links.js";

describe("rule links", () => {
  const doc = readFileSync(new URL("../../../../docs/rules.md", import.meta.url), "utf8");
  const headings = new Map(
    doc
      .split("\n")
      .map((l) => /^### `([a-z0-9-]+)`.*$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1] as string, githubSlug(m[0].slice(4))]),
  );

  it("point at the heading GitHub anchors in docs/rules.md, for every rule of the catalog", () => {
    for (const rule of RULE_IDS) {
      expect(headings.has(rule), `docs/rules.md documents ${rule}`).toBe(true);
      expect(ruleDocUrl(rule)).toBe(`${RULES_DOC_URL}#${headings.get(rule)}`);
    }
    expect(documentedRules().sort()).toEqual([...RULE_IDS].sort());
  });

  it("slug headings as GitHub does", () => {
    expect(githubSlug("`image-digest` (error, only with `review.requireDigest: [env…]`)")).toBe(
      "image-digest-error-only-with-reviewrequiredigest-env",
    );
    expect(githubSlug("How findings are reported")).toBe("how-findings-are-reported");
  });

  it("fall back to the page for an unknown rule, and take another base", () => {
    expect(ruleDocUrl("no-such-rule")).toBe(RULES_DOC_URL);
    expect(ruleDocUrl("privileged", "https://docs.example/rules")).toBe(
      "https://docs.example/rules#privileged-error",
    );
  });
});

describe("finding markers", () => {
  it("round-trip inside a comment body", () => {
    const body = `**error** x\n\n${formatFindingMarker("0123456789abcdef0123")}`;
    expect(parseFindingMarker(body)).toBe("0123456789abcdef0123");
  });
  it("are absent from other comments and refuse what is not a fingerprint", () => {
    expect(parseFindingMarker("LGTM <!-- bumpwarden:finding nothex -->")).toBeNull();
    expect(() => formatFindingMarker("--> <script>")).toThrow(/not a fingerprint/);
  });
});
