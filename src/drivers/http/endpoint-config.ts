import { z } from "zod";
import { registryKinds } from "../../core/events/registry-normalizers.js";
import type { RegistryKind } from "../../core/events/registry-normalizers.js";

/**
 * A secret in the endpoint configuration: the value itself, `{"env": "NAME"}`, `{"file": "/path"}`
 * (trailing newline dropped), or — for path tokens and static header tokens, never for HMAC keys —
 * `{"sha256": "<hex>"}`, the hash alone, so the configuration never holds the token.
 */
const secretRef = z.union([
  z.string().min(1),
  z.object({ env: z.string().min(1) }).strict(),
  z.object({ file: z.string().min(1) }).strict(),
  z
    .object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lower-case hex digits") })
    .strict(),
]);
export type SecretRef = z.infer<typeof secretRef>;

/** One or two: two while a secret is being rotated. */
const secretList = z.array(secretRef).min(1).max(2);

const headerName = z
  .string()
  .regex(/^[A-Za-z0-9-]+$/, "is not an HTTP header name")
  .transform((h) => h.toLowerCase());

const oidc = z
  .object({
    /** Expected `aud`: the push endpoint URL, or the custom audience set on the subscription. */
    audience: z.string().min(1),
    /** The push subscription's service account (`email` claim, with `email_verified: true`). */
    email: z.string().email(),
    issuers: z
      .array(z.string())
      .min(1)
      .default(["https://accounts.google.com", "accounts.google.com"]),
    jwksUrl: z.string().url().optional(),
    jwksFile: z.string().optional(),
    /** Tokens older than this (from `iat`) are refused even before `exp`: replays of old tokens. */
    maxTokenAgeSeconds: z.number().int().positive().max(86_400).default(3_900),
    clockToleranceSeconds: z.number().int().min(0).max(300).default(30),
  })
  .strict()
  .refine((o) => !(o.jwksUrl && o.jwksFile), "set jwksUrl or jwksFile, not both");

export const endpointSchema = z
  .object({
    /** URL segment: the endpoint answers at `/hooks/<id>` (and `/hooks/<id>/<token>`). */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be lower-case letters, digits and dashes"),
    type: z.enum(registryKinds as [RegistryKind, ...RegistryKind[]]),
    /** Where the images are pulled from (`host[:port][/prefix]`), when the payload does not say. */
    registry: z.string().min(1).optional(),
    /** Secret path segments, for senders that cannot authenticate (Docker Hub, Quay). */
    pathTokens: secretList.optional(),
    /** Header tokens (Harbor, ACR, distribution, JFrog, ECR API key) or HMAC keys (Nexus, generic). */
    secrets: secretList.optional(),
    /** Header that carries the token, for types that let you choose (ACR, distribution, Harbor, ECR). */
    header: headerName.optional(),
    /** ECR API destination with Basic auth. */
    basic: z
      .object({ username: z.string().min(1), passwords: secretList })
      .strict()
      .optional(),
    oidc: oidc.optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    const problem = authProblem(e);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export type EndpointConfig = z.infer<typeof endpointSchema>;

export const endpointsSchema = z.array(endpointSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  for (const [i, e] of list.entries()) {
    if (seen.has(e.id))
      ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate endpoint id "${e.id}"` });
    seen.add(e.id);
  }
});

const hmacTypes: ReadonlySet<RegistryKind> = new Set(["nexus", "generic"]);
const tokenlessSenders: ReadonlySet<RegistryKind> = new Set(["dockerhub", "quay"]);

/** Every endpoint authenticates its sender some way that sender supports. */
function authProblem(e: {
  type: RegistryKind;
  pathTokens?: unknown;
  secrets?: SecretRef[] | undefined;
  basic?: unknown;
  oidc?: unknown;
}): string | null {
  if (e.type === "gar")
    return e.oidc ? null : "gar endpoints verify the Pub/Sub OIDC token: set `oidc`";
  if (e.oidc) return "`oidc` is only for gar endpoints";
  if (e.basic && e.type !== "ecr") return "`basic` is only for ecr endpoints";
  if (tokenlessSenders.has(e.type)) {
    if (e.secrets) return `${e.type} sends no credentials: use \`pathTokens\`, not \`secrets\``;
    return e.pathTokens
      ? null
      : `${e.type} sends no credentials: set \`pathTokens\` (a secret URL segment)`;
  }
  if (hmacTypes.has(e.type) && e.secrets?.some((s) => typeof s === "object" && "sha256" in s)) {
    return `${e.type} signs bodies with HMAC: its secrets cannot be given as sha256 hashes`;
  }
  if (hmacTypes.has(e.type) && !e.secrets)
    return `${e.type} signs bodies with HMAC: set \`secrets\``;
  if (!e.pathTokens && !e.secrets && !e.basic)
    return "set `secrets`, `pathTokens` or (ecr) `basic`";
  return null;
}
