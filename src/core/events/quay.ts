import { z } from "zod";
import { buildImage, joinName, looksLikeHost } from "./build-image.js";
import { collect } from "./collect.js";
import type { RegistryDelivery } from "./delivery.js";
import type { NormalizeOutcome } from "./outcome.js";
import { invalid } from "./outcome.js";
import { parseBody } from "./parse-body.js";

const body = z.object({
  repository: z.string().min(1),
  docker_url: z.string().optional(),
  // v2 pushes send a list (one tag per notification); old docs show a { tag: image_id } map.
  updated_tags: z.union([z.array(z.string()).max(100), z.record(z.string(), z.unknown())]),
});

/** Quay `repo_push` notification. No auth (URL token), no digest, no delivery id. */
export function normalizeQuay(delivery: RegistryDelivery): NormalizeOutcome {
  const parsed = parseBody(body, delivery.body);
  if (!parsed.ok) return invalid(parsed.error);
  const { repository, docker_url, updated_tags } = parsed.value;
  let name: string;
  if (delivery.registry) name = joinName(delivery.registry, repository);
  else if (docker_url && looksLikeHost(docker_url.split("/")[0] ?? "")) name = docker_url;
  else return invalid("docker_url names no registry host; set `registry` on the endpoint");
  const tags = Array.isArray(updated_tags) ? updated_tags : Object.keys(updated_tags);
  if (tags.length > 100) return invalid("updated_tags: more than 100 tags");
  return collect(
    tags.map((tag) =>
      buildImage({
        source: "quay",
        name,
        tag,
        digest: null,
        senderId: null,
        receivedAt: delivery.receivedAt,
      }),
    ),
    "repo_push without updated tags",
  );
}
