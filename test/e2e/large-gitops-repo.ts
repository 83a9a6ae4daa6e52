/**
 * A large monorepo with GitOps manifests in it, generated: mostly TypeScript sources, docs and
 * images, a few hundred YAML manifests across dev/staging/prod folders, Dockerfiles and package
 * files, a vendored YAML bundle over the index's size limit. It knows which files a format can
 * hold (the index must read exactly those) and every image reference the index must find.
 */
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;

export interface ExpectedReference {
  file: string;
  line: number;
  kind: string;
  repository: string;
  tag: string;
  environment: string | null;
}

export interface LargeRepo {
  files: Record<string, string | Buffer>;
  /** Files the index must read: YAML/JSON manifests and Dockerfiles under its size limit. */
  candidates: string[];
  references: ExpectedReference[];
  /** Top-level directories (each is one subtree read when the recursive listing is truncated). */
  topLevelDirs: string[];
  services: number;
}

export interface LargeRepoShape {
  total: number;
  apps: number;
  charts: number;
  services: number;
  docs: number;
  images: number;
}

export const DEFAULT_SHAPE: LargeRepoShape = {
  total: 20_000,
  apps: 50,
  charts: 10,
  services: 40,
  docs: 2_000,
  images: 1_000,
};

const CONFIG = `environments:
  dev: ["apps/*/overlays/dev/**", "charts/*/values-dev.yaml", "clusters/dev/**"]
  staging: ["apps/*/overlays/staging/**", "charts/*/values-staging.yaml", "clusters/staging/**"]
  prod:
    paths: ["apps/*/overlays/prod/**", "charts/*/values-prod.yaml", "clusters/prod/**"]
    requires: staging
`;

const pad = (n: number) => String(n).padStart(2, "0");

export function largeGitopsRepo(shape: LargeRepoShape = DEFAULT_SHAPE): LargeRepo {
  const files: Record<string, string | Buffer> = {};
  const candidates: string[] = [];
  const references: ExpectedReference[] = [];
  const manifest = (
    path: string,
    text: string,
    refs: Array<Omit<ExpectedReference, "file">> = [],
  ) => {
    files[path] = text;
    candidates.push(path);
    for (const r of refs) references.push({ file: path, ...r });
  };

  manifest(".github/bumpwarden.yml", CONFIG);
  manifest(
    ".github/workflows/ci.yml",
    "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n",
  );
  files["README.md"] = "# platform\n\nServices and their deployments.\n";

  for (let a = 0; a < shape.apps; a++) {
    const app = `app-${pad(a)}`;
    const image = `ghcr.io/acme/${app}`;
    manifest(
      `apps/${app}/base/kustomization.yaml`,
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n",
    );
    manifest(
      `apps/${app}/base/deployment.yaml`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${app}\n          image: ${image}:1.0.0\n`,
      [{ line: 10, kind: "container", repository: image, tag: "1.0.0", environment: null }],
    );
    ENVIRONMENTS.forEach((env, e) => {
      const tag = `1.${a}.${2 - e}`;
      manifest(
        `apps/${app}/overlays/${env}/kustomization.yaml`,
        `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${app}-${env}\nresources:\n  - ../../base\nimages:\n  - name: ${image}\n    newTag: "${tag}"\n`,
        [{ line: 8, kind: "kustomize", repository: image, tag, environment: env }],
      );
    });
  }
  for (let c = 0; c < shape.charts; c++) {
    const chart = `web-${pad(c)}`;
    manifest(`charts/${chart}/Chart.yaml`, `apiVersion: v2\nname: ${chart}\nversion: 0.1.0\n`);
    for (const env of ENVIRONMENTS) {
      const tag = `2.${c}.0`;
      manifest(
        `charts/${chart}/values-${env}.yaml`,
        `# ${chart} in ${env}\nreplicaCount: 2\nimage:\n  repository: ghcr.io/acme/${chart}\n  tag: ${tag}\n`,
        [
          {
            line: 5,
            kind: "helm-values",
            repository: `ghcr.io/acme/${chart}`,
            tag,
            environment: env,
          },
        ],
      );
    }
  }
  for (const env of ENVIRONMENTS) {
    manifest(
      `clusters/${env}/namespaces.yaml`,
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: infra-${env}\n`,
    );
    manifest(
      `clusters/${env}/infra/redis.yaml`,
      `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: redis\nspec:\n  template:\n    spec:\n      containers:\n        - name: redis\n          image: redis:7.2.4\n`,
      [
        {
          line: 10,
          kind: "container",
          repository: "docker.io/library/redis",
          tag: "7.2.4",
          environment: env,
        },
      ],
    );
  }
  // Vendored bundle over the index's 1 MB limit: listed, never read.
  files["generated/crds.yaml"] =
    `# generated\n${"x-field: some long generated value that nobody bumps\n".repeat(20_000)}`;

  for (let s = 0; s < shape.services; s++) {
    const dir = `services/svc-${pad(s)}`;
    manifest(
      `${dir}/Dockerfile`,
      'FROM node:20.11-alpine\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "dist/main.js"]\n',
      [
        {
          line: 1,
          kind: "dockerfile",
          repository: "docker.io/library/node",
          tag: "20.11-alpine",
          environment: null,
        },
      ],
    );
    manifest(
      `${dir}/package.json`,
      `{ "name": "svc-${pad(s)}", "version": "1.0.0", "type": "module" }\n`,
    );
    manifest(`${dir}/tsconfig.json`, `{ "extends": "../../tsconfig.base.json" }\n`);
    files[`${dir}/README.md`] = `# svc-${pad(s)}\n`;
  }
  for (let d = 0; d < shape.docs; d++)
    files[`docs/section-${pad(d % 20)}/page-${d}.md`] = `# Page ${d}\n\nHow to run things.\n`;
  for (let i = 0; i < shape.images; i++)
    files[`assets/img/img-${i}.png`] = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from([i & 0xff, i >> 8, 0]),
    ]);

  const sources = shape.total - Object.keys(files).length;
  if (sources < 0) throw new Error(`shape holds more than ${shape.total} files`);
  for (let f = 0; f < sources; f++) {
    const s = f % shape.services;
    files[`services/svc-${pad(s)}/src/mod-${f % 10}/file-${f}.ts`] =
      `export const value${f} = ${f};\n`;
  }
  const topLevelDirs = [
    ...new Set(
      Object.keys(files)
        .filter((p) => p.includes("/"))
        .map((p) => p.slice(0, p.indexOf("/"))),
    ),
  ].sort();
  return {
    files,
    candidates: candidates.sort(),
    references,
    topLevelDirs,
    services: shape.services,
  };
}
