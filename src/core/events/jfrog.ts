import { z } from "zod";
import { buildImage, joinName } from "./build-image.js";
import { collect } from "./collect.js";
import type { RegistryDelivery } from "./delivery.js";
import type { NormalizeOutcome } from "./outcome.js";
import { ignored, invalid } from "./outcome.js";
import { parseBody } from "./parse-body.js";

const inner = z.object({
  event_type: z.string(),
  repo_key: z.string().regex(/^[A-Za-z0-9][\w.-]{0,63}$/, "is not an Artifactory repository key"),
  image_name: z.string().min(1),
  tag: z.string().optional(),
  sha256: z.string().optional(),
});

const wrapped = z.object({
  domain: z.string(),
  event_type: z.string(),
  data: z.unknown(),
  jpd_origin: z.string().optional(),
});

/**
 * JFrog Artifactory, domain `docker`, event `pushed`. Accepts the platform envelope
 * (`{domain, event_type, data, jpd_origin}`) and the bare inner object the docker-domain page
 * shows. `sha256` is bare hex. Images are pulled as `<registry>/<image_name>`, where the endpoint's
 * `registry` may hold `{repo_key}`; without it, the repository-path method of `jpd_origin` is
 * assumed (`example.jfrog.io/docker-local/<image_name>`).
 */
export function normalizeJfrog(delivery: RegistryDelivery): NormalizeOutcome {
  const isWrapped =
    typeof delivery.body === "object" && delivery.body !== null && "data" in delivery.body;
  let data: unknown = delivery.body;
  let origin: string | undefined;
  if (isWrapped) {
    const env = parseBody(wrapped, delivery.body);
    if (!env.ok) return invalid(env.error);
    if (env.value.domain !== "docker")
      return ignored(`JFrog domain ${JSON.stringify(env.value.domain)} is not used`);
    data = env.value.data;
    origin = env.value.jpd_origin;
  }
  const parsed = parseBody(inner, data);
  if (!parsed.ok) return invalid(isWrapped ? `data.${parsed.error}` : parsed.error);
  const { event_type, repo_key, image_name, tag, sha256 } = parsed.value;
  if (event_type !== "pushed")
    return ignored(`JFrog event ${JSON.stringify(event_type)} is not used`);

  let registry: string;
  if (delivery.registry) registry = delivery.registry.replaceAll("{repo_key}", repo_key);
  else if (origin && URL.canParse(origin)) registry = `${new URL(origin).host}/${repo_key}`;
  else
    return invalid("the payload names no JFrog host (jpd_origin); set `registry` on the endpoint");

  return collect(
    [
      buildImage({
        source: "jfrog",
        name: joinName(registry, image_name),
        tag,
        digest: sha256 ? `sha256:${sha256}` : null,
        senderId: null,
        receivedAt: delivery.receivedAt,
      }),
    ],
    "push without tag or digest",
  );
}
