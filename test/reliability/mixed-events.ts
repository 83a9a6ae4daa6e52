import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { REGISTRY_SECRET } from "../../sim/app-world.js";
import { seededRandom } from "../../sim/github/random.js";
import { corpusUrl } from "../harness/corpus.js";

/**
 * The 200 deliveries of the mixed-events test, built from the shapes in
 * `shared/corpus/registry-webhooks/` (each payload deep-copied and renamed to our images), and
 * the outcome they must have, computed from the plan alone (never from what the app did).
 */
export type Sender = "ghcr" | "hub" | "harbor" | "harbor-ce" | "quay" | "acr" | "dist" | "generic";

export interface PlannedImage {
  sender: Sender;
  /** Normalized repository, host included. */
  repository: string;
  /** Its path on the stand-in registry (unique across hosts). */
  path: string;
  releases: string[];
}

export interface Delivery {
  kind: "github" | "hook";
  label: string;
  /** GitHub: event name; hook: `/hooks/<path>`. */
  target: string;
  headers: Record<string, string>;
  body: string;
  /** GitHub's X-GitHub-Delivery; a redelivery reuses it. */
  deliveryId?: string;
}

export const HUB_TOKEN = "hub-path-token-0123456789abcdef0123";
export const QUAY_TOKEN = "quay-path-token-0123456789abcdef012";
const HARBOR_AUTH = "Bearer harbor-secret-for-the-reliability-test";
const ACR_AUTH = "Bearer acr-secret-for-the-reliability-test";
const DIST_AUTH = "Bearer dist-secret-for-the-reliability-test";

export const HOSTS = [
  "ghcr.io",
  "docker.io",
  "harbor.example.com",
  "quay.io",
  "exampleregistry.azurecr.io",
  "registry.example.com",
];

export const endpoints = JSON.stringify([
  { id: "registry", type: "generic", secrets: [REGISTRY_SECRET] },
  { id: "hub", type: "dockerhub", pathTokens: [HUB_TOKEN] },
  { id: "quay", type: "quay", pathTokens: [QUAY_TOKEN] },
  { id: "harbor", type: "harbor", secrets: [HARBOR_AUTH] },
  { id: "acr", type: "acr", secrets: [ACR_AUTH] },
  { id: "dist", type: "distribution", secrets: [DIST_AUTH] },
]);

const corpus = (name: string) =>
  JSON.parse(readFileSync(corpusUrl(`registry-webhooks/${name}.json`), "utf8")) as Record<
    string,
    unknown
  >;

type Json = Record<string, unknown>;
/** The object at `path` inside a corpus payload (the payloads are known to have it). */
const at = (root: unknown, ...path: Array<string | number>): Json =>
  path.reduce<unknown>(
    (node, key) => (node as Record<string | number, unknown>)[key],
    root,
  ) as Json;

const image = (sender: Sender, repository: string, releases: string[]): PlannedImage => ({
  sender,
  repository,
  path: repository.slice(repository.indexOf("/") + 1),
  releases,
});

/** Images the GitOps repositories use (each has a release newer than what is deployed). */
export const usedImages: PlannedImage[] = [
  ...[1, 2, 3, 4, 5, 6].map((n) =>
    image("ghcr", `ghcr.io/acme/g${n}`, ["1.1.0", "1.2.0", "1.3.0"]),
  ),
  ...[1, 2, 3].map((n) => image("hub", `docker.io/acme/hub${n}`, ["1.1.0", "1.2.0"])),
  ...[1, 2].map((n) => image("harbor", `harbor.example.com/team/h${n}`, ["1.1.0", "1.2.0"])),
  image("harbor-ce", "harbor.example.com/team/h3", ["1.1.0", "1.2.0"]),
  ...[1, 2].map((n) => image("quay", `quay.io/acme/q${n}`, ["1.1.0", "1.2.0"])),
  ...[1, 2].map((n) => image("acr", `exampleregistry.azurecr.io/team/a${n}`, ["1.1.0", "1.2.0"])),
  ...[1, 2].map((n) => image("dist", `registry.example.com/team/d${n}`, ["1.1.0", "1.2.0"])),
  ...[1, 2, 3].map((n) => image("generic", `ghcr.io/acme/x${n}`, ["1.1.0", "1.2.0"])),
  // One release each, written once: someone else pushes to their dev branch right before the bot's commit.
  ...[1, 2].map((n) => image("generic", `ghcr.io/acme/c${n}`, ["1.1.0"])),
];

/** Pushed, announced, and used by nobody. */
export const unusedImages: PlannedImage[] = [
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => image("ghcr", `ghcr.io/acme/unused${n}`, ["2.0.0"])),
  ...[1, 2, 3, 4].map((n) => image("hub", `docker.io/acme/unused${n}`, ["2.0.0"])),
  ...[1, 2, 3].map((n) => image("harbor", `harbor.example.com/team/unused${n}`, ["2.0.0"])),
  ...[1, 2, 3].map((n) => image("quay", `quay.io/acme/unused${n}`, ["2.0.0"])),
  ...[1, 2, 3].map((n) => image("acr", `exampleregistry.azurecr.io/team/unused${n}`, ["2.0.0"])),
  ...[1, 2, 3].map((n) => image("dist", `registry.example.com/team/unused${n}`, ["2.0.0"])),
  ...[1, 2, 3].map((n) => image("generic", `ghcr.io/acme/unused-ci${n}`, ["2.0.0"])),
];

/** The second repository uses a subset, so some pushes fan out to two repositories. */
export const secondRepoImages = usedImages.filter((i) =>
  /\/(g[1-3]|hub1|h1|q1|a1|d1|x1)$/.test(i.repository),
);

const json = { "content-type": "application/json" };

/** The deliveries announcing one release (GHCR sends `package` and `registry_package` for one publish). */
export function announce(
  img: PlannedImage,
  tag: string,
  digest: string,
  installationId: number,
): Delivery[] {
  const name = img.path.slice(img.path.lastIndexOf("/") + 1);
  const namespace = img.path.slice(0, img.path.lastIndexOf("/"));
  const host = img.repository.slice(0, img.repository.indexOf("/"));
  const label = `${img.sender} ${img.repository}:${tag}`;
  switch (img.sender) {
    case "ghcr":
      return (["registry_package", "package"] as const).map((event) => {
        const payload = corpus(`ghcr-${event === "package" ? "package" : "registry-package"}`);
        Object.assign(at(payload, event), { name, namespace: img.path });
        at(payload, event, "owner").login = namespace;
        const version = at(payload, event, "package_version");
        Object.assign(version, {
          version: digest,
          name: digest,
          package_url: `${img.repository}:${tag}`,
        });
        at(version, "container_metadata").tag = { name: tag, digest };
        at(version, "container_metadata", "manifest").digest = digest;
        payload.installation = { id: installationId };
        return {
          kind: "github",
          label: `${label} (${event})`,
          target: event,
          headers: json,
          body: JSON.stringify(payload),
          deliveryId: randomUUID(),
        };
      });
    case "hub": {
      const payload = corpus("dockerhub");
      at(payload, "push_data").tag = tag;
      Object.assign(at(payload, "repository"), {
        name,
        namespace,
        owner: namespace,
        repo_name: img.path,
      });
      return [
        {
          kind: "hook",
          label,
          target: `hub/${HUB_TOKEN}`,
          headers: json,
          body: JSON.stringify(payload),
        },
      ];
    }
    case "harbor":
    case "harbor-ce": {
      const ce = img.sender === "harbor-ce";
      const payload = corpus(ce ? "harbor-cloudevents" : "harbor");
      const data = at(payload, ce ? "data" : "event_data");
      data.resources = [{ digest, tag, resource_url: `${img.repository}:${tag}` }];
      Object.assign(at(data, "repository"), { name, namespace, repo_full_name: img.path });
      if (ce) payload.id = randomUUID();
      const type = ce ? "application/cloudevents+json" : "application/json";
      return [
        {
          kind: "hook",
          label,
          target: "harbor",
          headers: { "content-type": type, authorization: HARBOR_AUTH },
          body: JSON.stringify(payload),
        },
      ];
    }
    case "quay": {
      const payload = {
        ...corpus("quay"),
        repository: img.path,
        namespace,
        name,
        docker_url: img.repository,
        updated_tags: [tag],
      };
      return [
        {
          kind: "hook",
          label,
          target: `quay/${QUAY_TOKEN}`,
          headers: json,
          body: JSON.stringify(payload),
        },
      ];
    }
    case "acr": {
      const payload = corpus("acr");
      payload.id = randomUUID();
      Object.assign(at(payload, "target"), { repository: img.path, tag, digest });
      at(payload, "request").host = host;
      return [
        {
          kind: "hook",
          label,
          target: "acr",
          headers: { ...json, authorization: ACR_AUTH },
          body: JSON.stringify(payload),
        },
      ];
    }
    case "dist": {
      const payload = corpus("distribution");
      for (const event of payload.events as Json[]) {
        event.id = randomUUID();
        at(event, "target").repository = img.path;
        at(event, "request").host = host;
      }
      // events[0] is a layer blob (dropped by the normalizer), events[1] the tagged manifest.
      Object.assign(at(payload, "events", 1, "target"), {
        digest,
        tag,
        url: `https://${host}/v2/${img.path}/manifests/${digest}`,
      });
      return [
        {
          kind: "hook",
          label,
          target: "dist",
          headers: {
            "content-type": "application/vnd.docker.distribution.events.v2+json",
            authorization: DIST_AUTH,
          },
          body: JSON.stringify(payload),
        },
      ];
    }
    case "generic": {
      const body = JSON.stringify({ id: randomUUID(), repository: img.repository, tag, digest });
      const signature = `sha256=${createHmac("sha256", REGISTRY_SECRET).update(body).digest("hex")}`;
      return [
        {
          kind: "hook",
          label,
          target: "registry",
          headers: { ...json, "x-signature-256": signature },
          body,
        },
      ];
    }
  }
}

/**
 * Every release announced, then copies until there are `total`: identical resends (a sender's
 * retry) and GitHub redeliveries (same delivery id), in a seeded random order.
 */
export function mixedDeliveries(
  primaries: Delivery[],
  total: number,
  seed: number,
): { deliveries: Delivery[]; copies: number; redeliveries: number } {
  const random = seededRandom(seed);
  const deliveries = [...primaries];
  let redeliveries = 0;
  while (deliveries.length < total) {
    const original = primaries[Math.floor(random() * primaries.length)];
    if (!original) break;
    if (original.kind === "github") redeliveries++;
    deliveries.push({ ...original, label: `${original.label} (again)` });
  }
  for (let i = deliveries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [deliveries[i], deliveries[j]] = [deliveries[j] as Delivery, deliveries[i] as Delivery];
  }
  return { deliveries, copies: deliveries.length - primaries.length, redeliveries };
}

/** The newest release of an image by semver (the expectation, computed without the app). */
export function newest(img: PlannedImage): string {
  const key = (t: string) =>
    t
      .split(".")
      .map((n) => n.padStart(6, "0"))
      .join(".");
  return [...img.releases].sort((a, b) => key(a).localeCompare(key(b))).at(-1) ?? "";
}
