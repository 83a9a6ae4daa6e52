import fc from "fast-check";
import { CORE_SCHEMA, YAML11_SCHEMA, load, loadAll } from "js-yaml";
import { describe, expect, it } from "vitest";
import { normalizeRepository } from "../../../src/core/image-ref.js";
import { compareTags } from "../../../src/core/scan/compare-tags.js";
import { planBump } from "../../../src/core/scan/plan-bump.js";

type Format = "deployment" | "values" | "kustomize" | "compose";
type Quote = "plain" | "single" | "double";

interface Shape {
  format: Format;
  quote: Quote;
  eol: "\n" | "\r\n";
  bom: boolean;
  unit: number;
  flow: boolean;
  comments: boolean;
  preamble: boolean;
  repo: string;
}

const PATHS: Record<Format, string> = {
  deployment: "clusters/dev/app.yaml",
  values: "charts/app/values.yaml",
  kustomize: "overlays/dev/kustomization.yaml",
  compose: "compose.yaml",
};

/** Whether the tag is the whole scalar (so YAML typing applies to it alone). */
const wholeTag = (f: Format): boolean => f === "values" || f === "kustomize";

function q(text: string, quote: Quote): string {
  return quote === "single" ? `'${text}'` : quote === "double" ? `"${text}"` : text;
}

/** Renders one file of the shape with `tag`, written in `quote` style. */
function render(s: Shape, tag: string, quote: Quote): string {
  const i = (n: number) => " ".repeat(s.unit * n);
  const c = s.comments ? " # pinned by CI" : "";
  const ref = q(`${s.repo}:${tag}`, quote);
  const t = q(tag, quote);
  const lines: string[] = [];
  if (s.comments) lines.push("# generated");
  if (s.preamble) lines.push("kind: ConfigMap", "data: {a: b}", "---");
  switch (s.format) {
    case "deployment":
      lines.push(
        "apiVersion: apps/v1",
        "kind: Deployment",
        "spec:",
        `${i(1)}template:`,
        `${i(2)}spec:`,
      );
      if (s.flow) lines.push(`${i(3)}containers: [{name: app, image: ${ref}}]${c}`);
      else lines.push(`${i(3)}containers:`, `${i(3)}- name: app`, `${i(3)}  image: ${ref}${c}`);
      break;
    case "values":
      if (s.flow) lines.push(`image: {repository: ${s.repo}, tag: ${t}}${c}`);
      else
        lines.push(
          "image:",
          `${i(1)}repository: ${s.repo}`,
          `${i(1)}tag: ${t}${c}`,
          `${i(1)}pullPolicy: IfNotPresent`,
        );
      break;
    case "kustomize":
      lines.push("images:");
      if (s.flow) lines.push(`${i(1)}- {name: ${s.repo}, newTag: ${t}}${c}`);
      else lines.push(`${i(1)}- name: ${s.repo}`, `${i(1)}  newTag: ${t}${c}`);
      break;
    case "compose":
      lines.push(
        "services:",
        `${i(1)}app:`,
        `${i(2)}image: ${ref}${c}`,
        `${i(2)}ports: ["8080:8080"]`,
      );
  }
  return `${s.bom ? "\uFEFF" : ""}${lines.join(s.eol)}${s.eol}`;
}

const types = (plain: string): string[] =>
  [CORE_SCHEMA, YAML11_SCHEMA].map((schema) => schema.resolveImplicitScalarTag(plain).tag.tagName);
const isStr = (plain: string): boolean => types(plain).every((t) => t.endsWith(":str"));

const TAG = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,15}$/),
  fc.constantFrom(
    "1.10",
    "2024",
    "1e3",
    "0x1F",
    "1_000",
    "yes",
    "on",
    "v1.2.3",
    "1.2.3-rc.1",
    "1.19-alpine",
    "017",
  ),
);

const shape: fc.Arbitrary<Shape> = fc.record({
  format: fc.constantFrom<Format>("deployment", "values", "kustomize", "compose"),
  quote: fc.constantFrom<Quote>("plain", "single", "double"),
  eol: fc.constantFrom<"\n" | "\r\n">("\n", "\r\n"),
  bom: fc.boolean(),
  unit: fc.constantFrom(2, 4),
  flow: fc.boolean(),
  comments: fc.boolean(),
  preamble: fc.boolean(),
  repo: fc.constantFrom(
    "nginx",
    "ghcr.io/acme/api",
    "localhost:5000/team/app",
    "docker.io/library/redis",
    "quay.io/x/y-z",
  ),
});

describe("bump properties (fast-check)", () => {
  it("changes only the tag bytes, quotes a tag only when YAML would change its type, and is idempotent", () => {
    fc.assert(
      fc.property(shape, TAG, TAG, (s, oldTag, newTag) => {
        fc.pre(oldTag !== newTag && (compareTags(oldTag, newTag) ?? -1) < 0);
        // A plain whole-scalar tag that YAML reads as null is not a tag at all.
        fc.pre(
          !(
            wholeTag(s.format) &&
            s.quote === "plain" &&
            types(oldTag).some((t) => t.endsWith(":null"))
          ),
        );
        const path = PATHS[s.format];
        const before = render(s, oldTag, s.quote);
        const plan = planBump([{ path, text: before }], {
          repository: normalizeRepository(s.repo),
          tag: newTag,
        });
        if (!plan.ok) throw new Error(plan.error.message);
        const after = plan.value.files[0]?.text ?? "";

        let quote = s.quote;
        if (wholeTag(s.format) && s.quote === "plain") {
          const [old12, old11] = types(oldTag);
          const [new12, new11] = types(newTag);
          const changes = (t: string | undefined, o: string | undefined) =>
            !t?.endsWith(":str") && t !== o;
          if (changes(new12, old12) || changes(new11, old11)) quote = "double";
        }
        expect(
          Buffer.from(after, "utf8").equals(Buffer.from(render(s, newTag, quote), "utf8")),
        ).toBe(true);

        if (isStr(oldTag) || s.quote !== "plain" || !wholeTag(s.format)) {
          const docs = loadAll(after.replace(/^\uFEFF/, ""));
          expect(JSON.stringify(docs)).toContain(
            JSON.stringify(wholeTag(s.format) ? newTag : `${s.repo}:${newTag}`),
          );
        }
        const again = planBump([{ path, text: after }], {
          repository: normalizeRepository(s.repo),
          tag: newTag,
        });
        expect(again.ok && again.value.edits).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("never writes a file YAML cannot read, whatever the new tag", () => {
    fc.assert(
      fc.property(shape, TAG, (s, newTag) => {
        const path = PATHS[s.format];
        const before = render(s, "0.0.1-a", s.quote);
        const plan = planBump([{ path, text: before }], {
          repository: normalizeRepository(s.repo),
          tag: newTag,
        });
        if (!plan.ok) throw new Error(plan.error.message);
        for (const f of plan.value.files) expect(() => loadAll(f.text)).not.toThrow();
      }),
      { numRuns: 200 },
    );
    expect(load("a: 1")).toEqual({ a: 1 });
  });
});
