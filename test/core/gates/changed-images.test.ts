import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/core/config/load.js";
import type { Config } from "../../../src/core/config/schema.js";
import {
  ANY_ENVIRONMENT,
  changedImages,
  gateKeyPaths,
  gateTargets,
  MAX_GATE_TARGETS,
  unresolvedFindings,
} from "../../../src/core/gates/changed-images.js";
import { gateFindings } from "../../../src/core/gates/index.js";
import { diffMap } from "../../../src/core/review/report/diff.js";

function config(text: string): Config {
  const parsed = parseConfig(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

const GATED = `environments:
  dev: ["clusters/dev/**"]
  prod: ["clusters/prod/**"]
images:
  - match: "ghcr.io/acme/*"
    gates:
      keys: [.github/cosign.pub, .github/ci.pub]
      provenance: { source: ["github.com/acme/*"], key: .github/slsa.pub }
      environments:
        dev: { mode: warn }
  - match: "docker.io/library/*"
`;

const deployment = (image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ${image}\n        - name: proxy\n          image: nginx:1.27.0\n`;

/** A diff whose only added line is `line` of each file. */
const addedAt = (entries: Record<string, number[]>) =>
  diffMap(
    Object.entries(entries).map(([path, lines]) => ({
      path,
      status: "modified" as const,
      patch: lines.map((l) => `@@ -${l},1 +${l},1 @@\n-old\n+new`).join("\n"),
    })),
  );

describe("gateTargets: gated images on the lines a PR adds", () => {
  it("judges each image for its file's environments, one target per image and tag", () => {
    const files = [
      { path: "clusters/prod/api.yaml", text: deployment("ghcr.io/acme/api:1.9.0") },
      { path: "clusters/dev/api.yaml", text: deployment("ghcr.io/acme/api:1.9.0") },
      { path: "clusters/dev/web.yaml", text: deployment("ghcr.io/acme/web:2.0.0") },
    ];
    const targets = gateTargets(
      files,
      addedAt({
        "clusters/prod/api.yaml": [10, 12],
        "clusters/dev/api.yaml": [10],
        "clusters/dev/web.yaml": [3],
      }),
      config(GATED),
    );
    // nginx has no gates; web's image line is not added.
    expect(targets.map((t) => ({ ...t, rule: t.rule.match }))).toEqual([
      {
        repository: "ghcr.io/acme/api",
        tag: "1.9.0",
        digest: null,
        rule: "ghcr.io/acme/*",
        places: [
          {
            file: "clusters/dev/api.yaml",
            line: 10,
            column: 18,
            image: "ghcr.io/acme/api:1.9.0",
            environments: ["dev"],
          },
          {
            file: "clusters/prod/api.yaml",
            line: 10,
            column: 18,
            image: "ghcr.io/acme/api:1.9.0",
            environments: ["prod"],
          },
        ],
        environments: ["dev", "prod"],
      },
    ]);
  });

  it("judges a file in no environment for every configured one, or for any when none is known", () => {
    const files = [
      { path: "apps/api.yaml", text: deployment("ghcr.io/acme/api@sha256:" + "a".repeat(64)) },
    ];
    const diff = addedAt({ "apps/api.yaml": [10] });
    const [configured] = gateTargets(files, diff, config(GATED));
    expect(configured?.environments).toEqual(["dev", "prod"]);
    expect(configured?.places[0]?.environments).toEqual([]);
    expect(configured?.digest).toBe(`sha256:${"a".repeat(64)}`);
    const bare = config(`images:\n  - match: "ghcr.io/acme/*"\n    gates: { prerelease: block }\n`);
    expect(gateTargets(files, diff, bare)[0]?.environments).toEqual([ANY_ENVIRONMENT]);
    // Environments named only by a gate override are judged too.
    const overrides = config(
      `images:\n  - match: "ghcr.io/acme/*"\n    gates:\n      prerelease: warn\n      environments: { prod: { prerelease: block } }\n`,
    );
    expect(gateTargets(files, diff, overrides)[0]?.environments).toEqual(["prod"]);
  });

  it("finds the tag line of a split Helm values image", () => {
    const values = "image:\n  repository: ghcr.io/acme/api\n  tag: 1.9.0-rc.1\n";
    const files = [{ path: "clusters/prod/values.yaml", text: values }];
    const [target] = gateTargets(
      files,
      addedAt({ "clusters/prod/values.yaml": [3] }),
      config(GATED),
    );
    expect(target).toMatchObject({ tag: "1.9.0-rc.1", environments: ["prod"] });
    expect(target?.places[0]?.line).toBe(3);
  });

  it("is empty, before reading any file, when no rule has gates; and stops at the limit", () => {
    const files = [{ path: "clusters/prod/api.yaml", text: deployment("ghcr.io/acme/api:1.9.0") }];
    const plain = config(`images:\n  - match: "ghcr.io/acme/*"\n`);
    expect(gateTargets(files, addedAt({ "clusters/prod/api.yaml": [10] }), plain)).toEqual([]);
    const many = Array.from({ length: MAX_GATE_TARGETS + 5 }, (_, i) => ({
      path: `clusters/prod/api-${i}.yaml`,
      text: deployment(`ghcr.io/acme/api:1.${i}.0`),
    }));
    const diff = addedAt(Object.fromEntries(many.map((f) => [f.path, [10]])));
    expect(gateTargets(many, diff, config(GATED))).toHaveLength(MAX_GATE_TARGETS);
  });
});

describe("findings for judged and unjudged targets", () => {
  const files = [{ path: "clusters/prod/api.yaml", text: deployment("ghcr.io/acme/api:1.9.0") }];
  const diff = addedAt({ "clusters/prod/api.yaml": [10] });

  it("reads the key paths the attestations need, not inline keys", () => {
    const inline = `${GATED}  - match: "ghcr.io/other/*"\n    gates: { keys: ["-----BEGIN PUBLIC KEY-----\\nx\\n-----END PUBLIC KEY-----"] }\n`;
    const targets = gateTargets(
      [...files, { path: "clusters/dev/o.yaml", text: deployment("ghcr.io/other/o:1.0.0") }],
      addedAt({ "clusters/prod/api.yaml": [10], "clusters/dev/o.yaml": [10] }),
      config(inline),
    );
    expect(targets).toHaveLength(2);
    expect(gateKeyPaths(targets)).toEqual([
      ".github/ci.pub",
      ".github/cosign.pub",
      ".github/slsa.pub",
    ]);
  });

  it("puts gate verdicts on the image's line for its environment", () => {
    const [target] = gateTargets(files, diff, config(GATED));
    if (!target) throw new Error("no target");
    const findings = gateFindings(
      changedImages(target, {
        prod: [{ gate: "provenance", result: "block", reason: "none found" }],
      }),
    );
    expect(findings).toMatchObject([
      {
        file: "clusters/prod/api.yaml",
        line: 10,
        rule: "gate-provenance",
        severity: "error",
        message: "ghcr.io/acme/api:1.9.0 is blocked in prod by the provenance gate: none found",
      },
    ]);
  });

  it("says once per place that an unknown tag could not be judged: an error, a warning where gates only warn", () => {
    const both = [
      ...files,
      { path: "clusters/dev/api.yaml", text: deployment("ghcr.io/acme/api:1.9.0") },
    ];
    const [target] = gateTargets(
      both,
      addedAt({ "clusters/prod/api.yaml": [10], "clusters/dev/api.yaml": [10] }),
      config(GATED),
    );
    if (!target) throw new Error("no target");
    const findings = unresolvedFindings(target, "manifest unknown");
    expect(findings.map((f) => [f.file, f.line, f.rule, f.severity, f.message])).toEqual([
      [
        "clusters/dev/api.yaml",
        10,
        "gate-unresolved",
        "warning",
        "ghcr.io/acme/api:1.9.0 could not be checked against the supply-chain gates (dev): manifest unknown",
      ],
      [
        "clusters/prod/api.yaml",
        10,
        "gate-unresolved",
        "error",
        "ghcr.io/acme/api:1.9.0 could not be checked against the supply-chain gates (prod): manifest unknown",
      ],
    ]);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(2);
  });
});
