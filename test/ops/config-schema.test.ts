import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config/load.js";
import { parseYaml, toValue } from "../../src/core/yaml/index.js";
import {
  REFERENCE_FILE,
  SCHEMA_FILE,
  configJsonSchema,
  referenceFileText,
  schemaFileText,
} from "../../scripts/generate-config-schema.js";

describe("docs/schema/bumpwarden.schema.json", () => {
  it("is current with src/core/config/schema.ts (run `npm run schema` when this fails)", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(schemaFileText());
  });

  it("docs/configuration.md's generated reference is current (run `npm run schema`)", () => {
    const current = readFileSync(REFERENCE_FILE, "utf8");
    expect(current).toBe(referenceFileText(current));
  });

  it("documents every setting of the schema in docs/configuration.md", () => {
    const text = readFileSync(REFERENCE_FILE, "utf8");
    for (const key of Object.keys(configJsonSchema().properties ?? {}))
      expect(text).toContain(`| \`${key}\` |`);
    expect(text).toContain("| `images[].policy.semver` |");
    expect(text).toContain("| `environments.<env>.soak` |");
  });

  // Editors validate with the JSON Schema; the app validates with zod. They must agree on what
  // a person writes (refinements such as durations are only checked by the app).
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(configJsonSchema());
  const yamlValue = (text: string): unknown => {
    const parsed = parseYaml(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const value = toValue(parsed.value.docs[0]?.root ?? null);
    if (!value.ok) throw new Error(value.error.message);
    return value.value ?? {};
  };
  const example = readFileSync(
    new URL("../../examples/gitops/.github/bumpwarden.yml", import.meta.url),
    "utf8",
  );

  it.each([
    ["the example repository's config", example, true],
    ["an empty file", "", true],
    [
      "the design's sketch",
      `environments:
  dev: ["clusters/dev/**", "apps/**/overlays/dev/**"]
  staging: ["clusters/staging/**"]
  prod: { paths: ["clusters/prod/**"], requires: staging, soak: 24h, automerge: false }
images:
  - match: "ghcr.io/acme/*"
    policy: { semver: ">=1.0.0 <2.0.0" }
    verify: { cosign: { key: ".github/cosign.pub" } }
    allowIn: [dev, staging]
pullRequests: { labels: [dependencies], reviewers: [] , automerge: { dev: true } }
review: { policies: ["policies/**/*.yaml"], mode: protect }
commits: { conventional: true, scopes: [] }
`,
      true,
    ],
    ["a misspelt key", "reveiw: { mode: monitor }\n", false],
    ["a wrong enum value", "review: { mode: protct }\n", false],
    ["an upper-case environment", "environments: { Prod: [a] }\n", false],
    [
      "a policy of two forms at once",
      "images: [{ match: a, policy: { semver: '^1', regex: '^v' } }]\n",
      false,
    ],
    ["a list where a mapping goes", "pullRequests: [a]\n", false],
  ])("agrees with zod on %s", (_name, text, valid) => {
    expect(parseConfig(text).ok).toBe(valid);
    expect(validate(yamlValue(text)), JSON.stringify(validate.errors)).toBe(valid);
  });
});
