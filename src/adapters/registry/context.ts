import type { Clock } from "../../ports/clock.js";
import type { RegistryError } from "../../ports/registry.js";
import type { Result } from "../../core/result.js";
import { err, ok } from "../../core/result.js";
import { locate } from "./hosts.js";
import type { RepositoryLocation } from "./hosts.js";
import type { HttpResult, Transport, TransportError } from "./transport.js";

export const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-f0-9]{32,}$/;

/** What the client's parts share: where a repository lives and how to ask it. */
export interface RegistryContext {
  clock: Clock;
  ttl: number;
  where(repository: string): Result<RepositoryLocation, RegistryError>;
  get(
    loc: RepositoryLocation,
    method: "GET" | "HEAD",
    path: string,
    headers: Record<string, string>,
    maxBytes?: number,
  ): Promise<Result<HttpResult, TransportError>>;
}

/**
 * `mirrors` maps a registry host as written in manifests (`ghcr.io`) to the host its API is read
 * from instead (a pull-through mirror, or a local registry in the demo and tests).
 */
export function createContext(
  transport: Transport,
  clock: Clock,
  ttl: number,
  mirrors: Readonly<Record<string, string>> = {},
): RegistryContext {
  return {
    clock,
    ttl,
    where(repository) {
      const loc = locate(repository);
      if (!loc)
        return invalid(repository, `"${repository}" is not a repository name`, "invalid-reference");
      const mirror = mirrors[loc.host];
      return ok(mirror ? { ...loc, apiHost: mirror } : loc);
    },
    get: (loc, method, path, headers, maxBytes) =>
      transport.request({
        method,
        host: loc.apiHost,
        path: `/v2/${loc.path}${path}`,
        scope: `repository:${loc.path}:pull`,
        headers,
        ...(maxBytes ? { maxBytes } : {}),
      }),
  };
}

export const fail = (repository: string, e: TransportError): { ok: false; error: RegistryError } =>
  err({ ...e, repository });

export function invalid(
  repository: string,
  message: string,
  code: RegistryError["code"] = "invalid-response",
): { ok: false; error: RegistryError } {
  return err({ code, repository, message });
}

const BY_STATUS: Record<number, [RegistryError["code"], (what: string) => string]> = {
  404: ["not-found", (what) => `${what} not found`],
  403: ["denied", (what) => `access to ${what} denied`],
  401: ["unauthorized", (what) => `${what} needs credentials`],
};

/** A registry answer that is not what was asked for, with the registry's own words when it sent some. */
export function statusError(
  res: HttpResult,
  repository: string,
  what: string,
): { ok: false; error: RegistryError } {
  const s = res.status;
  const detail = registryMessage(res.body);
  const suffix = detail ? ` (${detail})` : "";
  const known = BY_STATUS[s];
  const [code, text]: [RegistryError["code"], string] = known
    ? [known[0], known[1](what)]
    : s >= 500
      ? ["unavailable", `the registry answered ${s} for ${what}`]
      : ["invalid-response", `unexpected ${s} for ${what}`];
  return err({ code, status: s, repository, message: `${repository}: ${text}${suffix}` });
}

/** The first message of a distribution error body: `{"errors":[{"code":"…","message":"…"}]}`. */
function registryMessage(body: Uint8Array): string | null {
  try {
    const json = JSON.parse(Buffer.from(body).toString("utf8")) as {
      errors?: { code?: unknown; message?: unknown }[];
    };
    const e = json.errors?.[0];
    return e ? [e.code, e.message].filter((x) => typeof x === "string").join(": ") : null;
  } catch {
    return null;
  }
}
