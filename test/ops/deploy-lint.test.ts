import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { load } from "js-yaml";
import { afterAll, describe, expect, it } from "vitest";
import { lint } from "../../src/core/review/engine.js";
import { runCli } from "../cli/run-cli.js";
import { TemplateFail, renderChart } from "./helm-render.js";
import { corpusPath } from "../harness/corpus.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const chartDir = join(root, "deploy/helm/bumpwarden");
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
const credentials = {
  github: {
    appId: "12345",
    privateKey: "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n",
    webhookSecret: "s3cret",
  },
};
const production = {
  ...credentials,
  replicaCount: 3,
  image: { digest: `sha256:${"a".repeat(64)}` },
  redis: { url: "rediss://:pw@redis.bots.svc:6379" },
  serviceMonitor: { enabled: true, labels: { release: "kube-prometheus-stack" } },
  ingress: {
    enabled: true,
    className: "nginx",
    host: "bumpwarden.acme.dev",
    tlsSecretName: "bumpwarden-tls",
  },
  registryEndpoints: [{ id: "hub", type: "dockerhub", pathTokens: [{ env: "HUB_TOKEN" }] }],
  extraEnv: [{ name: "HUB_TOKEN", valueFrom: { secretKeyRef: { name: "hub", key: "token" } } }],
  sigstore: {
    trustedRoot: '{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}',
  },
};

/** Pod-security policies from the shared conformance corpus (Kyverno, Apache-2.0). */
const policyDir = corpusPath("policy/kyverno-policies");
const policyNames = [
  "disallow-capabilities-strict",
  "drop-all-capabilities",
  "require-run-as-nonroot",
  "require-pod-probes",
  "require-requests-limits",
  "disallow-host-namespaces",
  "disallow-host-ports",
  "disallow-proc-mount",
  "disallow-selinux",
  "restrict-sa-automount-sa-token",
  "require-ingress-https",
];
function policyFiles(): { name: string; path: string }[] {
  const cases = readFileSync(join(policyDir, "cases.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { policyName: string; policy: string });
  return policyNames.map((name) => {
    const found = cases.find((c) => c.policyName === name);
    if (!found) throw new Error(`the corpus has no policy ${name}`);
    return { name, path: join(policyDir, found.policy) };
  });
}

const tmp = mkdtempSync(join(tmpdir(), "bumpwarden-chart-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs `bumpwarden lint` in-process, as a user would from the shell. */
const cli = (args: string[], cwd: string) => runCli(["lint", ...args], cwd);

function writeRendered(name: string, values: object): string {
  const dir = join(tmp, name);
  for (const file of renderChart(chartDir, { release: "bumpwarden", namespace: "bots", values })) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.text);
  }
  return dir;
}

describe("Dockerfile", () => {
  it("passes `bumpwarden lint` with no findings", async () => {
    const result = await cli(["--json", "Dockerfile"], root);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual([]);
    expect(result.code).toBe(0);
  });

  it("is multi-stage, digest-pinned, distroless, non-root, exec-form (each rule would fire otherwise)", () => {
    const findings = (text: string) =>
      lint([{ path: "Dockerfile", text }]).findings.map((f) => f.rule);
    // Read from the Dockerfile, so a digest bump (by bumpwarden itself) needs no test edit.
    const [build = "", runtime = ""] = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    const runtimeDigest = runtime.slice(runtime.indexOf("@"));
    const cases: [string, string, string][] = [
      ["dockerfile-base-digest", runtimeDigest, ""],
      ["dockerfile-user", "USER nonroot", "USER root"],
      [
        "dockerfile-exec-form",
        /^ENTRYPOINT .*$/m.exec(dockerfile)?.[0] ?? "ENTRYPOINT missing",
        "ENTRYPOINT node dist/drivers/ops/main.js",
      ],
      [
        "dockerfile-minimal-base",
        `FROM ${runtime.slice(0, runtime.indexOf("@"))}`,
        `FROM ${build.slice(0, build.indexOf("@")).replace("-slim", "")}`,
      ],
    ];
    for (const [rule, from, to] of cases) {
      expect(dockerfile).toContain(from);
      expect(findings(dockerfile.replace(from, to)), rule).toContain(rule);
    }
    // curl installed in the final stage (a slim one, since distroless has no shell to install with).
    const slimFinal = dockerfile.replace(
      /^FROM gcr\.io.*$/m,
      `FROM ${build.replace(/ AS .*/, "")}\n` +
        "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*",
    );
    expect(findings(slimFinal)).toContain("dockerfile-no-curl");
  });

  it("pins both bases by a full sha256 digest", () => {
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms).toHaveLength(2);
    for (const from of froms) expect(from).toMatch(/@sha256:[0-9a-f]{64}$/);
  });

  it("runs a supported Node.js line, the same in both stages (Node 20 ended in April 2026)", () => {
    const majors = [...dockerfile.matchAll(/^FROM \S*?(?:node:|nodejs)(\d+)/gm)].map((m) =>
      Number(m[1]),
    );
    expect(majors).toHaveLength(2);
    expect(new Set(majors).size).toBe(1);
    expect(majors[0]).toBeGreaterThanOrEqual(22);
  });

  it("keeps secrets and bulk out of the build context (.dockerignore)", () => {
    const ignore = readFileSync(join(root, ".dockerignore"), "utf8").split("\n");
    for (const entry of [".env", "*.pem", ".git", "node_modules", "dist", "test"])
      expect(ignore).toContain(entry);
  });
});

describe("Helm chart deploy/helm/bumpwarden", () => {
  const policies = policyFiles();
  const policyArgs = policies.flatMap((p) => ["--policy", p.path]);

  it.each([
    ["default values (one replica, in-memory queue)", credentials],
    [
      "production values (3 replicas, Redis, digest, ingress, ServiceMonitor, Sigstore root)",
      production,
    ],
  ])(
    "%s: passes `bumpwarden lint` with the built-in rules and pod-security policies",
    async (name, values) => {
      const dir = writeRendered(name.split(" ")[0] ?? "x", values);
      const result = await cli(["--json", ...policyArgs, "."], dir);
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout)).toEqual([]);
      expect(result.code).toBe(0);
    },
  );

  it("the policies do apply to its Deployment (a weakened copy fails them)", () => {
    const files = renderChart(chartDir, {
      release: "bumpwarden",
      namespace: "bots",
      values: credentials,
    }).map((f) => ({
      path: `rendered/${f.path}`,
      text: f.text
        .replace('drop: ["ALL"]', 'add: ["SYS_ADMIN"]')
        .replace(/readinessProbe:/, "readinessProbeGone:"),
    }));
    const sources = policies.map((p) => ({ path: p.path, text: readFileSync(p.path, "utf8") }));
    const failing = lint(files, { policies: sources }).findings.map((f) => f.policy ?? f.rule);
    expect(failing).toEqual(
      expect.arrayContaining(["disallow-capabilities-strict", "drop-all-capabilities", "probes"]),
    );
  });

  it("renders the objects an install needs, with probes on /healthz and /readyz", () => {
    const docs = renderChart(chartDir, {
      release: "bw",
      namespace: "bots",
      values: production,
    }).map((f) => load(f.text) as { kind: string; spec?: Record<string, unknown> });
    expect(docs.map((d) => d.kind).sort()).toEqual(
      [
        "ConfigMap",
        "Deployment",
        "Ingress",
        "PodDisruptionBudget",
        "Secret",
        "Service",
        "ServiceAccount",
        "ServiceMonitor",
      ].sort(),
    );
    const deployment = docs.find((d) => d.kind === "Deployment") as unknown as {
      spec: {
        replicas: number;
        strategy: { type: string };
        template: {
          spec: {
            containers: Record<string, { httpGet?: { path: string } } & Record<string, unknown>>[];
          };
        };
      };
    };
    const container = deployment.spec.template.spec.containers[0];
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.strategy.type).toBe("RollingUpdate");
    expect(container?.livenessProbe?.httpGet?.path).toBe("/healthz");
    expect(container?.readinessProbe?.httpGet?.path).toBe("/readyz");
    expect(container?.image).toBe(`ghcr.io/bumpwarden/bumpwarden@sha256:${"a".repeat(64)}`);
    expect(container?.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    const secret = docs.find((d) => d.kind === "Secret") as unknown as {
      stringData: Record<string, string>;
    };
    expect(Object.keys(secret.stringData).sort()).toEqual([
      "APP_ID",
      "BUMPWARDEN_REGISTRY_ENDPOINTS",
      "PRIVATE_KEY",
      "REDIS_URL",
      "WEBHOOK_SECRET",
    ]);
    expect(JSON.parse(secret.stringData.BUMPWARDEN_REGISTRY_ENDPOINTS ?? "")).toEqual(
      production.registryEndpoints,
    );
  });

  it("refuses more than one replica without Redis", () => {
    expect(() =>
      renderChart(chartDir, {
        release: "bw",
        namespace: "bots",
        values: { ...credentials, replicaCount: 2 },
      }),
    ).toThrow(
      new TemplateFail(
        "replicaCount > 1 requires Redis: set redis.url or redis.existingSecret (docs/operations.md)",
      ),
    );
    const single = renderChart(chartDir, { release: "bw", namespace: "bots", values: credentials });
    expect(single.find((f) => f.path.endsWith("deployment.yaml"))?.text).toContain(
      "type: Recreate",
    );
  });

  it("uses an existing Secret without creating one, and requires credentials otherwise", () => {
    const files = renderChart(chartDir, {
      release: "bw",
      namespace: "bots",
      values: { github: { existingSecret: "bumpwarden-app" } },
    });
    expect(files.map((f) => f.path)).not.toContain("templates/secret.yaml");
    const deployment = files.find((f) => f.path.endsWith("deployment.yaml"))?.text ?? "";
    expect(deployment).toContain("name: bumpwarden-app\n                  key: PRIVATE_KEY");
    expect(deployment).not.toContain("envFrom");
    expect(() => renderChart(chartDir, { release: "bw", namespace: "bots" })).toThrow(
      "github.appId is required",
    );
  });

  it("mounts a Sigstore trusted root from its own ConfigMap or an existing one", () => {
    const trustedRoot = JSON.stringify({
      mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
    });
    const render = (sigstore: object) =>
      renderChart(chartDir, {
        release: "bw",
        namespace: "bots",
        values: { ...credentials, sigstore },
      }).map((f) => ({ path: f.path, doc: load(f.text) as Record<string, unknown> }));
    type Pod = {
      containers: {
        env: { name: string; value?: string }[];
        volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
      }[];
      volumes: { name: string; configMap?: { name: string } }[];
    };
    const pod = (docs: ReturnType<typeof render>) =>
      (docs.find((d) => d.doc.kind === "Deployment")?.doc as { spec: { template: { spec: Pod } } })
        .spec.template.spec;

    const own = render({ trustedRoot });
    const configMap = own.find((d) => d.doc.kind === "ConfigMap")?.doc as {
      metadata: { name: string };
      data: Record<string, string>;
    };
    expect(configMap.metadata.name).toBe("bw-sigstore");
    expect(configMap.data["trusted_root.json"]).toBe(trustedRoot);
    const spec = pod(own);
    expect(spec.containers[0]?.env).toContainEqual({
      name: "BUMPWARDEN_SIGSTORE_TRUSTED_ROOT",
      value: "/etc/bumpwarden/sigstore/trusted_root.json",
    });
    expect(spec.containers[0]?.volumeMounts).toContainEqual({
      name: "sigstore",
      mountPath: "/etc/bumpwarden/sigstore",
      readOnly: true,
    });
    expect(spec.volumes.find((v) => v.name === "sigstore")?.configMap?.name).toBe("bw-sigstore");

    const existing = render({ existingConfigMap: "sigstore-root" });
    expect(existing.some((d) => d.doc.kind === "ConfigMap")).toBe(false);
    expect(pod(existing).volumes.find((v) => v.name === "sigstore")?.configMap?.name).toBe(
      "sigstore-root",
    );

    const none = pod(render({}));
    expect(none.volumes.map((v) => v.name)).toEqual(["tmp"]);
    expect(none.containers[0]?.env.map((e) => e.name)).not.toContain(
      "BUMPWARDEN_SIGSTORE_TRUSTED_ROOT",
    );
  });

  it("matches the app: version, container port and the image's user", () => {
    const chart = load(readFileSync(join(chartDir, "Chart.yaml"), "utf8")) as {
      appVersion: string;
    };
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    expect(chart.appVersion).toBe(pkg.version);
    expect(dockerfile).toMatch(/^EXPOSE 3000$/m);
    const deployment = readFileSync(join(chartDir, "templates/deployment.yaml"), "utf8");
    expect(deployment).toContain("containerPort: 3000");
    expect(deployment).toContain("runAsUser: 65532"); // distroless `nonroot`
  });

  const helm = (() => {
    try {
      execFileSync("helm", ["version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!helm)("passes `helm lint` (only where the helm binary is installed)", () => {
    const values = join(tmp, "values.yaml");
    writeFileSync(values, JSON.stringify(credentials));
    execFileSync("helm", ["lint", "--strict", chartDir, "-f", values], { stdio: "pipe" });
  });
});
