import { describe, expect, it } from "vitest";
import { lint } from "../../../../src/core/review/engine.js";
import {
  contextPaths,
  kustomizationCandidates,
  kustomizationRefs,
} from "../../../../src/core/review/report/kustomize-context.js";
import { exampleRepoFiles } from "../../../e2e/gitops-world.js";

const repo = exampleRepoFiles();
const tree = Object.keys(repo).sort();
const source = (path: string) => ({ path, text: repo[path] ?? "" });

describe("what a review reads besides the changed files", () => {
  it("finds the overlays that set a changed base's image, and not the unrelated ones", () => {
    const changed = ["apps/api/base/deployment.yaml"];
    const candidates = kustomizationCandidates(tree, changed);
    expect(candidates[0]).toBe("apps/api/base/kustomization.yaml");
    const wanted = contextPaths(changed, candidates.map(source), new Set(tree));
    expect(wanted).toEqual([
      "apps/api/base/kustomization.yaml",
      "apps/api/overlays/dev/kustomization.yaml",
      "apps/api/overlays/prod/kustomization.yaml",
      "apps/api/overlays/staging/kustomization.yaml",
    ]);
  });

  it("without the overlays the base's image is judged alone; with them it is judged through them", () => {
    const base = "apps/api/base/deployment.yaml";
    const untagged = (repo[base] ?? "").replace("ghcr.io/acme/api:1.7.0", "ghcr.io/acme/api");
    const alone = lint([{ path: base, text: untagged }]).findings.map((f) => f.rule);
    expect(alone).toContain("image-latest");
    const context = contextPaths(
      [base],
      kustomizationCandidates(tree, [base]).map(source),
      new Set(tree),
    ).map(source);
    const judged = lint([{ path: base, text: untagged }, ...context]).findings.filter(
      (f) => f.file === base,
    );
    expect(judged.map((f) => f.rule)).not.toContain("image-latest");
  });

  it("a changed overlay needs its base's kustomization; a Dockerfile needs nothing", () => {
    const overlay = ["apps/api/overlays/dev/kustomization.yaml"];
    const read = [...kustomizationCandidates(tree, overlay), ...overlay].map(source);
    expect(contextPaths(overlay, read, new Set(tree))).toEqual([
      "apps/api/base/kustomization.yaml",
    ]);
    expect(kustomizationCandidates(tree, ["Dockerfile"])).toEqual([]);
  });

  it("reads the plain files a relevant kustomization lists, and skips remote bases", () => {
    const k = {
      path: "clusters/dev/kustomization.yaml",
      text: "resources:\n  - namespace.yaml\n  - ../../apps/api/overlays/dev\n  - github.com/acme/platform//base?ref=v1\n  - https://example.com/crd.yaml\npatches:\n  - path: patch.yaml\n",
    };
    expect(kustomizationRefs(k)).toEqual([
      "clusters/dev/namespace.yaml",
      "apps/api/overlays/dev",
      "clusters/dev/patch.yaml",
    ]);
    const wanted = contextPaths(
      ["clusters/dev/app.yaml"],
      [k],
      new Set(["clusters/dev/namespace.yaml", "clusters/dev/patch.yaml", "clusters/dev/app.yaml"]),
    );
    expect(wanted).toEqual([
      "clusters/dev/kustomization.yaml",
      "clusters/dev/namespace.yaml",
      "clusters/dev/patch.yaml",
    ]);
  });

  it("is bounded: nearest kustomizations first, at most the limit", () => {
    const big = Array.from(
      { length: 500 },
      (_, i) => `apps/svc${i}/overlays/dev/kustomization.yaml`,
    );
    const picked = kustomizationCandidates(
      [...big, "apps/svc7/base/kustomization.yaml"],
      ["apps/svc7/base/deployment.yaml"],
      10,
    );
    expect(picked).toHaveLength(10);
    expect(picked.slice(0, 2)).toEqual([
      "apps/svc7/base/kustomization.yaml",
      "apps/svc7/overlays/dev/kustomization.yaml",
    ]);
  });
});
