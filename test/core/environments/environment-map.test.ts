import { describe, expect, it } from "vitest";
import { environmentMap } from "../../../src/core/environments/index.js";
import { scanFiles } from "../../../src/core/scan/scan-files.js";

describe("environments", () => {
  it.each([
    ["clusters/prod/apps/api.yaml", ["prod"]],
    ["apps/api/overlays/staging/kustomization.yaml", ["staging"]],
    ["envs/dev/values.yaml", ["dev"]],
    ["environments/qa/app.yaml", ["qa"]],
    ["charts/api/values-production.yaml", ["production"]],
    ["charts/api/values.yaml", []],
    ["charts/api/values.staging.yaml", ["staging"]],
    ["charts/api/values/prod.yml", ["prod"]],
    ["charts/api/values.yml", []],
    ["charts/api/values/prod/extra.yaml", []],
    ["apps/base/api.yaml", []],
    ["clusters/prod.yaml", []],
  ])("infers %s -> %j without configuration", (path, envs) => {
    expect(environmentMap().of(path)).toEqual(envs);
  });

  it("uses configured globs, in promotion order, both forms", () => {
    const map = environmentMap({
      dev: ["clusters/dev/**", "apps/**/overlays/dev/**"],
      staging: { paths: ["clusters/staging/**", "apps/base/**"], requires: "dev" },
      prod: ["clusters/prod/**", "apps/base/**"],
    });
    expect(map.names).toEqual(["dev", "staging", "prod"]);
    expect(map.of("apps/api/overlays/dev/k.yaml")).toEqual(["dev"]);
    expect(map.of("apps/base/api.yaml")).toEqual(["staging", "prod"]);
    expect(map.of("clusters/dev/x.yaml")).toEqual(["dev"]);
    expect(map.of("elsewhere/x.yaml")).toEqual([]);
    expect(map.of("clusters/dev/.hidden/x.yaml")).toEqual(["dev"]);
  });

  it("scan reports each reference's environment", () => {
    const pod = "kind: Pod\nspec: {containers: [{image: nginx:1}]}\n";
    const scan = scanFiles([
      { path: "clusters/prod/a.yaml", text: pod },
      { path: "apps/base/b.yaml", text: pod },
    ]);
    expect(scan.references.map((r) => [r.file, r.environment, r.environments])).toEqual([
      ["apps/base/b.yaml", null, []],
      ["clusters/prod/a.yaml", "prod", ["prod"]],
    ]);
  });
});
