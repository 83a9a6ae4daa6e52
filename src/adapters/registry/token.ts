import { z } from "zod";
import type { Result } from "../../core/result.js";
import { err, ok } from "../../core/result.js";
import type { Challenge } from "./challenge.js";
import type { Credential } from "./credentials.js";
import type { Init } from "./retry.js";
import type { HttpResult, TransportError } from "./transport.js";

/**
 * The token request of the Docker token protocol for `scope`: a GET with Basic credentials (or
 * none, anonymous), or, for an OAuth2 refresh token (`identitytoken`), a form POST with
 * `grant_type=refresh_token`.
 */
export function tokenRequest(
  realm: URL,
  challenge: Challenge,
  scope: string,
  cred: Credential | null,
  userAgent: string,
): { url: string; init: Init } {
  const url = new URL(realm);
  const service = challenge.params.service;
  const headers: Record<string, string> = { "user-agent": userAgent };
  if (cred?.kind === "identity-token") {
    const form = new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: cred.token,
      client_id: "bumpwarden",
      scope,
    });
    if (service) form.set("service", service);
    return {
      url: url.toString(),
      init: {
        method: "POST",
        headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
        body: form.toString(),
      },
    };
  }
  if (service) url.searchParams.set("service", service);
  url.searchParams.set("scope", scope);
  if (cred?.kind === "basic")
    headers.authorization = `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString("base64")}`;
  return { url: url.toString(), init: { method: "GET", headers } };
}

const tokenResponse = z.object({
  token: z.string().optional(),
  access_token: z.string().optional(),
  expires_in: z.number().optional(),
});

/** The token (and its lifetime, 60 s when unsaid) from a token service's answer. */
export function readTokenResponse(
  res: HttpResult,
  host: string,
  scope: string,
  withCredentials: boolean,
): Result<{ token: string; expiresIn: number }, TransportError> {
  if (res.status === 401 || res.status === 403)
    return err({
      code: "unauthorized",
      status: res.status,
      message: `the token service for ${host} refused ${withCredentials ? "the configured credentials" : "anonymous access"} for ${scope}`,
    });
  if (res.status !== 200)
    return err({
      code: "unavailable",
      status: res.status,
      message: `the token service for ${host} answered ${res.status}`,
    });
  let json: unknown = null;
  try {
    json = JSON.parse(Buffer.from(res.body).toString("utf8"));
  } catch {
    // reported below as "sent no token"
  }
  const parsed = tokenResponse.safeParse(json);
  const token = parsed.success ? (parsed.data.token ?? parsed.data.access_token) : undefined;
  if (!token)
    return err({
      code: "invalid-response",
      message: `the token service for ${host} sent no token`,
    });
  return ok({ token, expiresIn: parsed.success ? (parsed.data.expires_in ?? 60) : 60 });
}
