import { z } from "zod";
import { buildImage, joinName } from "./build-image.js";
import { collect } from "./collect.js";
import type { RegistryDelivery } from "./delivery.js";
import type { NormalizeOutcome } from "./outcome.js";
import { ignored, invalid } from "./outcome.js";
import { parseBody } from "./parse-body.js";

const body = z.object({
  repositoryName: z.string().regex(/^[A-Za-z0-9][\w.-]{0,63}$/, "is not a Nexus repository name"),
  action: z.string(),
  component: z.object({
    format: z.string(),
    name: z.string().min(1),
    version: z.string().optional(),
  }),
});

/**
 * Sonatype Nexus Repository 3, webhook `rm:repository:component`, action `CREATED` or `UPDATED`
 * of a `docker` component: `name` is the image path, `version` the tag. Nexus does not say which
 * host serves the repository, so the endpoint's `registry` is required (it may hold
 * `{repository_name}` for a port- or path-per-repository setup).
 */
export function normalizeNexus(delivery: RegistryDelivery): NormalizeOutcome {
  const hook = delivery.headers["x-nexus-webhook-id"];
  if (hook !== undefined && hook !== "rm:repository:component") {
    return ignored(`Nexus webhook ${JSON.stringify(hook)} is not used`);
  }
  const parsed = parseBody(body, delivery.body);
  if (!parsed.ok) return invalid(parsed.error);
  const { repositoryName, action, component } = parsed.value;
  if (action !== "CREATED" && action !== "UPDATED")
    return ignored(`Nexus action ${JSON.stringify(action)} is not used`);
  if (component.format !== "docker")
    return ignored(`Nexus component format ${JSON.stringify(component.format)} is not an image`);
  if (!delivery.registry)
    return invalid("Nexus does not name its registry host; set `registry` on the endpoint");
  return collect(
    [
      buildImage({
        source: "nexus",
        name: joinName(
          delivery.registry.replaceAll("{repository_name}", repositoryName),
          component.name,
        ),
        tag: component.version,
        digest: null,
        senderId: delivery.headers["x-nexus-webhook-delivery"],
        receivedAt: delivery.receivedAt,
      }),
    ],
    "component without a version",
  );
}
