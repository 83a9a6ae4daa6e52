import type { JSONWebKeySet } from "jose";
import type { RegistryKind } from "../../core/events/registry-normalizers.js";
import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";
import { sha256 } from "./auth.js";
import type { EndpointConfig, SecretRef } from "./endpoint-config.js";
import { endpointsSchema } from "./endpoint-config.js";
import type { OidcVerifier } from "./oidc.js";
import { createOidcVerifier, googleJwksUrl } from "./oidc.js";

/** How a request to an endpoint proves where it comes from, with secrets resolved. */
export type HeaderAuth =
  | { kind: "token"; header: string; hashes: Buffer[] }
  | { kind: "hmac"; header: string; algorithm: "sha1" | "sha256"; prefix: string; keys: string[] }
  | { kind: "basic"; usernameHash: Buffer; passwordHashes: Buffer[] }
  | { kind: "oidc"; verify: OidcVerifier };

export interface Endpoint {
  id: string;
  type: RegistryKind;
  registry?: string;
  /** sha256 of each path token; a request with a path token must match one. */
  pathTokenHashes: Buffer[];
  /** Any one of these is enough (besides a path token). */
  auth: HeaderAuth[];
}

/** The header a sender puts its token or signature in, when the type fixes it. */
const defaultHeader: Partial<Record<RegistryKind, string>> = {
  harbor: "authorization",
  acr: "authorization",
  distribution: "authorization",
  jfrog: "x-jfrog-event-auth",
  ecr: "x-api-key",
};

export interface EndpointSources {
  env: Readonly<Record<string, string | undefined>>;
  readFile: (path: string) => string;
}

/** Parses and resolves the endpoint list; a problem names the endpoint and field. */
export function loadEndpoints(json: unknown, sources: EndpointSources): Result<Endpoint[], string> {
  const parsed = endpointsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err(
      `registry endpoints: ${issue?.path.join(".") || "(top)"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const endpoints: Endpoint[] = [];
  for (const [i, config] of parsed.data.entries()) {
    try {
      endpoints.push(resolveEndpoint(config, sources));
    } catch (e) {
      return err(
        `registry endpoints: ${i} (${config.id}): ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  return ok(endpoints);
}

function resolveEndpoint(config: EndpointConfig, sources: EndpointSources): Endpoint {
  const hashOf = (ref: SecretRef) =>
    typeof ref === "object" && "sha256" in ref
      ? Buffer.from(ref.sha256, "hex")
      : sha256(reveal(ref, sources));
  const auth: HeaderAuth[] = [];
  const secrets = config.secrets ?? [];
  if (config.type === "nexus") {
    auth.push({
      kind: "hmac",
      header: "x-nexus-webhook-signature",
      algorithm: "sha1",
      prefix: "",
      keys: secrets.map((s) => reveal(s, sources)),
    });
  } else if (config.type === "generic") {
    auth.push({
      kind: "hmac",
      header: "x-signature-256",
      algorithm: "sha256",
      prefix: "sha256=",
      keys: secrets.map((s) => reveal(s, sources)),
    });
  } else if (secrets.length > 0) {
    const header =
      config.type === "jfrog"
        ? "x-jfrog-event-auth"
        : (config.header ?? defaultHeader[config.type] ?? "authorization");
    auth.push({ kind: "token", header, hashes: secrets.map(hashOf) });
  }
  if (config.basic) {
    auth.push({
      kind: "basic",
      usernameHash: sha256(config.basic.username),
      passwordHashes: config.basic.passwords.map(hashOf),
    });
  }
  if (config.oidc) {
    const o = config.oidc;
    const keys = o.jwksFile
      ? { jwks: JSON.parse(sources.readFile(o.jwksFile)) as JSONWebKeySet }
      : { url: o.jwksUrl ?? googleJwksUrl };
    auth.push({
      kind: "oidc",
      verify: createOidcVerifier({
        audience: o.audience,
        email: o.email,
        issuers: o.issuers,
        maxTokenAgeSeconds: o.maxTokenAgeSeconds,
        clockToleranceSeconds: o.clockToleranceSeconds,
        keys,
      }),
    });
  }
  return {
    id: config.id,
    type: config.type,
    ...(config.registry ? { registry: config.registry } : {}),
    pathTokenHashes: (config.pathTokens ?? []).map((ref) => {
      if (typeof ref === "object" && "sha256" in ref) return hashOf(ref);
      const token = reveal(ref, sources);
      if (!/^[A-Za-z0-9_-]{24,}$/.test(token)) {
        throw new Error(
          "path tokens must be at least 24 URL-safe characters (e.g. `openssl rand -hex 24`)",
        );
      }
      return sha256(token);
    }),
    auth,
  };
}

function reveal(ref: SecretRef, sources: EndpointSources): string {
  if (typeof ref === "string") return ref;
  if ("env" in ref) {
    const value = sources.env[ref.env];
    if (!value) throw new Error(`environment variable ${ref.env} is not set`);
    return value;
  }
  if ("file" in ref) {
    const value = sources.readFile(ref.file).replace(/\r?\n$/, "");
    if (!value) throw new Error(`secret file ${ref.file} is empty`);
    return value;
  }
  throw new Error("a sha256 hash cannot be used as an HMAC key");
}
