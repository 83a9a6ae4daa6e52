import {
  corpusHeaders,
  corpusJson,
  ecrKey,
  garToken,
  hmacHex,
  hubToken,
  quayToken,
} from "./fixtures.js";

/** How to speak to one route: valid credentials for a body, and where its name and tag live. */
export interface RouteKit {
  name: string;
  path: string;
  body: () => unknown;
  /** Headers with valid credentials for these exact bytes. */
  headers: (raw: Buffer) => Promise<Record<string, string>>;
  /** Same request with wrong credentials: headers and path. */
  badAuth: (raw: Buffer) => Promise<{ path: string; headers: Record<string, string> }>;
  withRepository: (repository: string) => unknown;
  withTag: (tag: string) => unknown;
  /** A well-formed event the route does not use, or null when the sender has only one kind. */
  ignored: (() => unknown) | null;
}

const clone = <T>(v: T): T => structuredClone(v);
type Obj = Record<string, unknown>;
const at = (o: unknown, ...keys: (string | number)[]): Obj =>
  keys.reduce<Obj>((node, k) => node[k] as Obj, o as Obj);
function edit(file: string, fn: (body: Obj) => void): unknown {
  const body = clone(corpusJson(file)) as Obj;
  fn(body);
  return body;
}
const json = { "Content-Type": "application/json" };
const garData = (message: unknown) =>
  edit(
    "gar",
    (b) => (at(b, "message").data = Buffer.from(JSON.stringify(message)).toString("base64")),
  );
const garHost = "europe-west1-docker.pkg.dev";

export const routeKits: RouteKit[] = [
  {
    name: "Docker Hub",
    path: `/hooks/hub/${hubToken}`,
    body: () => corpusJson("dockerhub"),
    headers: async () => json,
    badAuth: async () => ({ path: `/hooks/hub/${hubToken.replace("0", "1")}`, headers: json }),
    withRepository: (r) => edit("dockerhub", (b) => (at(b, "repository").repo_name = r)),
    withTag: (t) => edit("dockerhub", (b) => (at(b, "push_data").tag = t)),
    ignored: null,
  },
  {
    name: "Quay",
    path: `/hooks/quay/${quayToken}`,
    body: () => corpusJson("quay"),
    headers: async () => json,
    badAuth: async () => ({ path: "/hooks/quay", headers: json }),
    withRepository: (r) =>
      edit("quay", (b) => Object.assign(b, { repository: r, docker_url: `quay.io/${r}` })),
    withTag: (t) => edit("quay", (b) => (b.updated_tags = [t])),
    ignored: () => edit("quay", (b) => (b.updated_tags = [])),
  },
  {
    name: "Harbor",
    path: "/hooks/harbor",
    body: () => corpusJson("harbor"),
    headers: async () => corpusHeaders("harbor"),
    badAuth: async () => ({
      path: "/hooks/harbor",
      headers: {
        ...corpusHeaders("harbor"),
        Authorization: "Bearer example-harbor-auth-header-valuf",
      },
    }),
    withRepository: (r) =>
      edit("harbor", (b) => (at(b, "event_data", "repository").repo_full_name = r)),
    withTag: (t) => edit("harbor", (b) => (at(b, "event_data", "resources", 0).tag = t)),
    ignored: () => edit("harbor", (b) => (b.type = "DELETE_ARTIFACT")),
  },
  {
    name: "ACR",
    path: "/hooks/acr",
    body: () => corpusJson("acr"),
    headers: async () => corpusHeaders("acr"),
    badAuth: async () => ({ path: "/hooks/acr", headers: json }),
    withRepository: (r) => edit("acr", (b) => (at(b, "target").repository = r)),
    withTag: (t) => edit("acr", (b) => (at(b, "target").tag = t)),
    ignored: () => edit("acr", (b) => (b.action = "chart_push")),
  },
  {
    name: "GAR",
    path: "/hooks/gar",
    body: () => corpusJson("gar"),
    headers: async () => ({ ...json, Authorization: `Bearer ${await garToken()}` }),
    badAuth: async () => ({
      path: "/hooks/gar",
      headers: { ...json, Authorization: `Bearer ${await garToken({}, "stranger")}` },
    }),
    withRepository: (r) => garData({ action: "INSERT", tag: `${garHost}/${r}:1.4.2` }),
    withTag: (t) =>
      garData({ action: "INSERT", tag: `${garHost}/example-project/example-repo/app:${t}` }),
    ignored: () =>
      garData({ action: "DELETE", tag: `${garHost}/example-project/example-repo/app:1.4.2` }),
  },
  {
    name: "distribution",
    path: "/hooks/dist",
    body: () => corpusJson("distribution"),
    headers: async () => corpusHeaders("distribution"),
    badAuth: async () => ({
      path: "/hooks/dist",
      headers: { ...corpusHeaders("distribution"), Authorization: "Bearer x" },
    }),
    withRepository: (r) =>
      edit("distribution", (b) => (at(b, "events", 1, "target").repository = r)),
    withTag: (t) => edit("distribution", (b) => (at(b, "events", 1, "target").tag = t)),
    ignored: () => edit("distribution", (b) => (at(b, "events", 1).action = "pull")),
  },
  {
    name: "JFrog",
    path: "/hooks/jfrog",
    body: () => corpusJson("jfrog-artifactory"),
    headers: async () => corpusHeaders("jfrog-artifactory"),
    badAuth: async () => ({
      path: "/hooks/jfrog",
      headers: { ...json, Authorization: "example-jfrog-secret-token" },
    }),
    withRepository: (r) => edit("jfrog-artifactory", (b) => (at(b, "data").image_name = r)),
    withTag: (t) => edit("jfrog-artifactory", (b) => (at(b, "data").tag = t)),
    ignored: () => edit("jfrog-artifactory", (b) => (b.domain = "artifact")),
  },
  {
    name: "Nexus",
    path: "/hooks/nexus",
    body: () => corpusJson("nexus"),
    headers: async (raw) => ({
      ...corpusHeaders("nexus"),
      "X-Nexus-Webhook-Signature": hmacHex("sha1", raw),
    }),
    badAuth: async (raw) => ({
      path: "/hooks/nexus",
      headers: {
        ...corpusHeaders("nexus"),
        "X-Nexus-Webhook-Signature": hmacHex("sha1", raw, "wrong-secret"),
      },
    }),
    withRepository: (r) => edit("nexus", (b) => (at(b, "component").name = r)),
    withTag: (t) => edit("nexus", (b) => (at(b, "component").version = t)),
    ignored: () => edit("nexus", (b) => (b.action = "DELETED")),
  },
  {
    name: "generic",
    path: "/hooks/generic",
    body: () => ({ id: "ci-42", repository: "ghcr.io/example-org/app", tag: "1.4.2" }),
    headers: async (raw) => ({ ...json, "X-Signature-256": `sha256=${hmacHex("sha256", raw)}` }),
    badAuth: async (raw) => ({
      path: "/hooks/generic",
      headers: { ...json, "X-Signature-256": hmacHex("sha256", raw) },
    }),
    withRepository: (r) => ({ repository: `ghcr.io/${r}`, tag: "1.4.2" }),
    withTag: (t) => ({ repository: "ghcr.io/example-org/app", tag: t }),
    ignored: null,
  },
  {
    name: "ECR",
    path: "/hooks/ecr",
    body: () => corpusJson("ecr"),
    headers: async () => ({ ...json, "X-Api-Key": ecrKey }),
    badAuth: async () => ({
      path: "/hooks/ecr",
      headers: {
        ...json,
        Authorization: `Basic ${Buffer.from("eventbridge:nope").toString("base64")}`,
      },
    }),
    withRepository: (r) => edit("ecr", (b) => (at(b, "detail")["repository-name"] = r)),
    withTag: (t) => edit("ecr", (b) => (at(b, "detail")["image-tag"] = t)),
    ignored: () => edit("ecr", (b) => (at(b, "detail")["action-type"] = "DELETE")),
  },
];
