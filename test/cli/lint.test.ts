import { beforeEach, describe, expect, it } from "vitest";
import { runCli, tempTree, writeTree } from "./run-cli.js";

let dir: string;
beforeEach(async () => {
  dir = await tempTree();
});

const write = (files: Record<string, string>): void => writeTree(dir, files);
const cli = (...args: string[]) => runCli(args, dir);

const POD = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext: {runAsNonRoot: true}
  containers:
    - name: web
      image: docker.io/library/nginx:1.27
      resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {cpu: 100m, memory: 64Mi}}
      livenessProbe: {httpGet: {path: /, port: 80}}
      readinessProbe: {httpGet: {path: /, port: 80}}
      securityContext: {readOnlyRootFilesystem: true}
`;

describe("bumpwarden lint", () => {
  it("walks directories, prints findings with paths relative to the working directory and exits 1 on errors", async () => {
    write({
      "clusters/prod/web.yaml": POD.replace("nginx:1.27", "nginx:latest"),
      "clusters/prod/notes.txt": "x",
      "node_modules/x/bad.yaml": "a: [",
    });
    const r = await cli("lint", "clusters");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      'clusters/prod/web.yaml:8:14: error image-latest: docker.io/library/nginx:latest uses "latest", which changes under you; pin a version\n' +
        "1 finding: 1 errors, 0 warnings, 0 notices\n",
    );
  });

  it("prints the JSON contract of design §4.3 and exits 0 when nothing is an error", async () => {
    write({
      "web.yaml": POD.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"),
    });
    const r = await cli("lint", "--json", "web.yaml");
    expect(r.code).toBe(0);
    const findings = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(findings).toEqual([
      {
        file: "web.yaml",
        line: 12,
        column: 49,
        rule: "read-only-root-fs",
        severity: "warning",
        message:
          'container "web" can write to its root filesystem; set securityContext.readOnlyRootFilesystem: true and mount writable paths as volumes',
        fix: {
          line: 12,
          endLine: 12,
          text: "      securityContext: {readOnlyRootFilesystem: true}",
        },
        fingerprint: expect.stringMatching(/^[0-9a-f]{20}$/),
      },
    ]);
  });

  it("reads .github/bumpwarden.yml, and rejects an invalid config with exit 2", async () => {
    write({
      "web.yaml": POD,
      ".github/bumpwarden.yml": "review:\n  allowedRegistries: [ghcr.io/acme]\n",
    });
    const r = await cli("lint", "--json", "web.yaml");
    expect(JSON.parse(r.stdout).map((f: { rule: string }) => f.rule)).toEqual(["image-registry"]);
    write({ "bad.yml": "review:\n  mode: enforce\n" });
    const bad = await cli("lint", "--config", "bad.yml", "web.yaml");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^bad\.yml: review\.mode: /);
  });

  it("evaluates --policy with --params, and a policy that does not compile is exit 2 pointing at the expression", async () => {
    const policy = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: registries}
spec:
  paramKind: {apiVersion: example.com/v1, kind: Registries}
  matchConstraints:
    resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}]
  validations:
    - expression: object.spec.containers.all(c, params.allowed.exists(r, c.image.startsWith(r + '/')))
      message: image from a registry that is not allowed
`;
    write({
      "web.yaml": POD,
      "policy.yaml": policy,
      "params.yaml":
        "apiVersion: example.com/v1\nkind: Registries\nmetadata: {name: allowed}\nallowed: [ghcr.io]\n",
      "broken.yaml": policy.replace("r + '/')))", "r + '/'))"),
    });
    const r = await cli("lint", "--policy", "policy.yaml", "--params", "params.yaml", "web.yaml");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "web.yaml:3:18: error admission-policy (registries): image from a registry that is not allowed\n",
    );
    const broken = await cli("lint", "--policy", "broken.yaml", "web.yaml");
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(
      /^broken\.yaml:9:\d+: policy "registries": validations\.0\.expression: /,
    );
    expect(broken.stdout).toBe("");
  });

  it("lints Dockerfiles found in directories", async () => {
    write({ "svc/Dockerfile": "FROM golang:1.22\nRUN go build -o /app .\nCMD /app\n" });
    const r = await cli("lint", "--json", ".");
    const rules = (JSON.parse(r.stdout) as Array<{ rule: string }>).map((f) => f.rule);
    expect(rules).toEqual([
      "dockerfile-multi-stage",
      "dockerfile-user",
      "dockerfile-minimal-base",
      "dockerfile-base-digest",
      "dockerfile-exec-form",
    ]);
  });

  it("reads a named Helm override's base from disk to know its image, and reports only the named file", async () => {
    write({
      ".github/bumpwarden.yml": 'review:\n  allowedRegistries: ["ghcr.io/acme"]\n',
      "charts/api/values.yaml":
        "image:\n  repository: quay.io/acme/api\n  tag: latest\nreplicaCount: 1\n",
      "charts/api/values-prod.yaml": "replicaCount: 3\nimage:\n  tag: 1.2.3\n",
    });
    const r = await cli("lint", "charts/api/values-prod.yaml");
    expect([r.code, r.stdout]).toEqual([
      1,
      "charts/api/values-prod.yaml:3:8: error image-registry: quay.io/acme/api is not from an allowed registry (ghcr.io/acme)\n" +
        "1 finding: 1 errors, 0 warnings, 0 notices\n",
    ]);
    // Given the directory, the base is a linted file like any other: its own findings show.
    const all = await cli("lint", "--json", "charts");
    expect(
      (JSON.parse(all.stdout) as Array<{ file: string; rule: string }>).map((f) => [
        f.file,
        f.rule,
      ]),
    ).toEqual([
      ["charts/api/values-prod.yaml", "image-registry"],
      ["charts/api/values.yaml", "image-latest"],
      ["charts/api/values.yaml", "image-registry"],
    ]);
  });

  it("exits 2 on bad usage and unreadable paths", async () => {
    expect((await cli("lint")).code).toBe(2);
    expect((await cli("lint", "--bogus", "x")).code).toBe(2);
    const missing = await cli("lint", "nope.yaml");
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("no such file")]);
    expect((await cli("--help")).stdout).toMatch(/lint\s+Lint manifests/);
  });
});
