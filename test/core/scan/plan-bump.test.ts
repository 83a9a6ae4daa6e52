import { describe, expect, it } from "vitest";
import { planBump } from "../../../src/core/scan/plan-bump.js";
import { scanFiles } from "../../../src/core/scan/scan-files.js";
import { bumped, plan } from "../formats/helpers.js";

const DIGEST = `sha256:${"a".repeat(64)}`;
const NEW_DIGEST = `sha256:${"b".repeat(64)}`;
const deploy = (image: string) =>
  `kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - image: ${image}\n`;

describe("planBump: quoting", () => {
  it.each([
    ["tag: v1.9", "1.10", 'tag: "1.10"'],
    ["tag: v2023", "2024", 'tag: "2024"'],
    ["tag: latest", "1e3", 'tag: "1e3"'],
    ["tag: latest", "1_000", 'tag: "1_000"'],
    ["tag: 1.9", "1.10", "tag: 1.10"],
    ["tag: 2023", "2024", "tag: 2024"],
    ["tag: '1.9'", "1.10", "tag: '1.10'"],
    ['tag: "v1"', "2024", 'tag: "2024"'],
    ["tag: v1", "v2", "tag: v2"],
    ["tag: 0.1", "1.2.3", "tag: 1.2.3"],
  ])("%s -> %s writes %s", (line, tag, expected) => {
    const text = `image:\n  repository: ghcr.io/acme/api\n  ${line} # keep\n`;
    expect(bumped("values.yaml", text, { repository: "ghcr.io/acme/api", tag })).toBe(
      `image:\n  repository: ghcr.io/acme/api\n  ${expected} # keep\n`,
    );
  });
});

describe("planBump: what it refuses", () => {
  it("never downgrades a comparable version and says so", () => {
    const p = plan("d.yaml", deploy("nginx:1.27.3"), { repository: "nginx", tag: "1.26.0" });
    expect(p.files).toEqual([]);
    expect(p.warnings).toMatchObject([{ code: "downgrade", line: 6 }]);
    expect(
      plan("d.yaml", deploy("nginx:1.27-alpine"), { repository: "nginx", tag: "1.9-alpine" })
        .warnings[0]?.code,
    ).toBe("downgrade");
    expect(
      plan("d.yaml", deploy("nginx:v1.2.3"), { repository: "nginx", tag: "1.2.3" }).warnings[0]
        ?.code,
    ).toBe("same-version");
    expect(
      plan("d.yaml", deploy("nginx:1.0.0-rc.1"), { repository: "nginx", tag: "1.0.0" }).edits,
    ).toHaveLength(1);
    expect(
      plan("d.yaml", deploy("nginx:blue"), { repository: "nginx", tag: "green" }).edits,
    ).toHaveLength(1);
  });

  it("does not leave an old digest next to a new tag", () => {
    const text = deploy(`nginx:1.25@${DIGEST}`);
    expect(plan("d.yaml", text, { repository: "nginx" }).warnings).toMatchObject([
      { code: "pinned-digest" },
    ]);
    expect(bumped("d.yaml", text, { repository: "nginx", digest: NEW_DIGEST })).toBe(
      deploy(`nginx:9.9.9@${NEW_DIGEST}`),
    );
    expect(
      bumped("d.yaml", deploy(`nginx@${DIGEST}`), { repository: "nginx", digest: NEW_DIGEST }),
    ).toBe(deploy(`nginx:9.9.9@${NEW_DIGEST}`));
  });

  it("adds a tag to a reference without one", () => {
    expect(bumped("d.yaml", deploy("nginx"), { repository: "docker.io/library/nginx" })).toBe(
      deploy("nginx:9.9.9"),
    );
  });

  it("rejects bad requests: invalid tags (spaces, shell characters), digests, repositories with tags", () => {
    for (const tag of ["1.0 beta", "1.0;rm -rf /", "$(id)", "-x", "", "a".repeat(129)]) {
      const r = planBump([{ path: "d.yaml", text: deploy("nginx:1") }], {
        repository: "nginx",
        tag,
      });
      expect(r).toMatchObject({ ok: false, error: { code: "invalid-request" } });
    }
    expect(planBump([], { repository: "nginx:1.0", tag: "2" })).toMatchObject({
      ok: false,
      error: { code: "invalid-request" },
    });
    expect(planBump([], { repository: "Nginx", tag: "2" })).toMatchObject({
      ok: false,
      error: { code: "invalid-request" },
    });
    expect(planBump([], { repository: "nginx", tag: "2", digest: "sha256:xyz" })).toMatchObject({
      ok: false,
      error: { code: "invalid-request" },
    });
  });

  it("changes nothing for an unknown image", () => {
    expect(plan("d.yaml", deploy("nginx:1"), { repository: "ghcr.io/acme/unknown" })).toMatchObject(
      { edits: [], files: [], references: [] },
    );
  });
});

describe("planBump: environments and shared anchors", () => {
  const files = [
    { path: "clusters/staging/app.yaml", text: deploy("ghcr.io/acme/api:1.0.0") },
    { path: "clusters/prod/app.yaml", text: deploy("ghcr.io/acme/api:1.0.0") },
    { path: "base/app.yaml", text: deploy("ghcr.io/acme/api:1.0.0") },
  ];

  it("with --env, changes only that environment's files", () => {
    const p = planBump(files, { repository: "ghcr.io/acme/api", tag: "1.1.0", env: "staging" });
    expect(p.ok && p.value.files.map((f) => f.path)).toEqual(["clusters/staging/app.yaml"]);
    const all = planBump(files, { repository: "ghcr.io/acme/api", tag: "1.1.0" });
    expect(all.ok && all.value.files.map((f) => f.path)).toEqual([
      "base/app.yaml",
      "clusters/prod/app.yaml",
      "clusters/staging/app.yaml",
    ]);
  });

  it("does not change a file that configured globs put in several environments", () => {
    const environments = {
      staging: ["clusters/**", "base/**"],
      prod: ["clusters/prod/**", "base/**"],
    };
    const p = planBump(
      files,
      { repository: "ghcr.io/acme/api", tag: "1.1.0", env: "staging" },
      { environments },
    );
    if (!p.ok) throw new Error(p.error.message);
    expect(p.value.files.map((f) => f.path)).toEqual(["clusters/staging/app.yaml"]);
    expect(p.value.warnings.map((w) => [w.code, w.file, w.environments])).toEqual([
      ["shared-file", "base/app.yaml", ["staging", "prod"]],
      ["shared-file", "clusters/prod/app.yaml", ["staging", "prod"]],
    ]);
  });

  it("warns that an edit at an anchor changes every alias, naming lines and environments", () => {
    const text =
      "defaults: &img\n  repository: ghcr.io/acme/api\n  tag: 1.0.0\nweb:\n  image: *img\nworker:\n  image: *img\n";
    const p = plan("envs/prod/values.yaml", text, { repository: "ghcr.io/acme/api", tag: "1.1.0" });
    expect(p.files[0]?.text).toBe(text.replace("1.0.0", "1.1.0"));
    expect(p.warnings).toMatchObject([
      {
        code: "shared-anchor",
        line: 3,
        environments: ["prod"],
        message: expect.stringMatching(/&img \(line 1\).*line\(s\) 5, 7: .*, in prod$/),
      },
    ]);
  });
});

describe("planBump: scalar anchors", () => {
  it("reads and bumps an image string shared through a scalar anchor (compose x- field)", () => {
    const text =
      "x-api: &api ghcr.io/acme/api:1.0.0\nservices:\n  web:\n    image: *api\n  worker:\n    image: *api\n";
    const scan = scanFiles([{ path: "compose.yaml", text }]);
    expect(scan.problems).toEqual([]);
    expect(scan.references.map((r) => [r.line, r.kind, r.tag])).toEqual([[1, "compose", "1.0.0"]]);
    const p = plan("compose.yaml", text, { repository: "ghcr.io/acme/api", tag: "1.1.0" });
    expect(p.files[0]?.text).toBe(text.replace("1.0.0", "1.1.0"));
    expect(p.warnings).toMatchObject([{ code: "shared-anchor", line: 1 }]);
  });

  it("reads a tag shared through a scalar anchor in Helm values", () => {
    const text =
      'version: &v "1.0.0"\napi:\n  image:\n    repository: ghcr.io/acme/api\n    tag: *v\n';
    const scan = scanFiles([{ path: "values.yaml", text }]);
    expect(scan.problems).toEqual([]);
    expect(scan.references.map((r) => [r.line, r.tag])).toEqual([[1, "1.0.0"]]);
    const p = plan("values.yaml", text, { repository: "ghcr.io/acme/api", tag: "1.1.0" });
    expect(p.files[0]?.text).toBe(text.replace("1.0.0", "1.1.0"));
  });
});

describe("planBump: bytes outside the tag stay as they are", () => {
  it.each([
    ["CRLF and BOM", "\uFEFFkind: Pod\r\nspec:\r\n  containers:\r\n    - image: nginx:1.0 # c\r\n"],
    [
      "flow style",
      "kind: Pod\nspec: {containers: [{name: a, image: 'nginx:1.0'}, {name: b, image: redis:1.0}]}\n",
    ],
    [
      "block scalar",
      "kind: Pod\nspec:\n  containers:\n    - image: |-\n        nginx:1.0\n      args: [x]\n",
    ],
    [
      "multi-document",
      "kind: Service\n---\n# pod\nkind: Pod\nspec:\n  containers: [{image: nginx:1.0}]\n---\nkind: Pod\nspec:\n  containers: [{image: nginx:1.0}]\n...\n",
    ],
    [
      "comments and blank lines",
      '# top\nkind: Pod # k\n\nspec:\n  # c\n  containers:\n\n    - image: "nginx:1.0" # pinned\n',
    ],
    ["JSON", '{"kind": "Pod", "spec": {"containers": [{"image": "nginx:1.0"}]}}'],
  ])("%s", (_name, text) => {
    const after = bumped("pod.yaml", text, { repository: "nginx", tag: "2.0" });
    expect(Buffer.from(after).equals(Buffer.from(text.split("nginx:1.0").join("nginx:2.0")))).toBe(
      true,
    );
    expect(bumped("pod.yaml", after, { repository: "nginx", tag: "2.0" })).toBe(after);
  });

  it("reports each change as {file, line, from, to}", () => {
    const p = plan(
      "pod.yaml",
      "kind: Pod\nspec:\n  containers: [{image: nginx:1.0}, {image: nginx:1.0}]\n",
      { repository: "nginx", tag: "1.1" },
    );
    expect(p.edits.map(({ file, line, from, to }) => ({ file, line, from, to }))).toEqual([
      { file: "pod.yaml", line: 3, from: "1.0", to: "1.1" },
      { file: "pod.yaml", line: 3, from: "1.0", to: "1.1" },
    ]);
  });
});
