import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify } from "jose";
import type { JSONWebKeySet, JWTPayload } from "jose";
import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";

/** Google's signing keys for the OIDC tokens Pub/Sub push subscriptions send. */
export const googleJwksUrl = "https://www.googleapis.com/oauth2/v3/certs";

export interface OidcSettings {
  audience: string;
  email: string;
  issuers: string[];
  maxTokenAgeSeconds: number;
  clockToleranceSeconds: number;
  /** A JWKS URL (default Google's), or a JWKS document read from a file at start-up. */
  keys: { url: string } | { jwks: JSONWebKeySet };
}

export interface OidcRefusal {
  /** 401: the token is wrong; 503: the keys could not be fetched (the sender retries). */
  status: 401 | 503;
  reason: string;
}

export type OidcVerifier = (
  authorization: string | undefined,
  now: Date,
) => Promise<Result<JWTPayload, OidcRefusal>>;

const refuse = (reason: string) => err<OidcRefusal>({ status: 401, reason });

/**
 * Verifies `Authorization: Bearer <JWT>` from a Pub/Sub push: RS256 signature against the
 * configured keys, `aud`, `iss`, expiry and age (`iat` no older than `maxTokenAgeSeconds`, so an
 * old captured token is refused even if someone stretched its `exp`), then `email` equal to the
 * push service account with `email_verified: true`. Pub/Sub reuses a token across pushes during
 * its lifetime, so there is no one-time `jti` to track; duplicate messages are deduped by
 * `messageId` downstream.
 */
export function createOidcVerifier(settings: OidcSettings): OidcVerifier {
  const keys =
    "url" in settings.keys
      ? createRemoteJWKSet(new URL(settings.keys.url), {
          cooldownDuration: 30_000,
          cacheMaxAge: 3_600_000,
        })
      : createLocalJWKSet(settings.keys.jwks);
  return async (authorization, now) => {
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(
      authorization ?? "",
    );
    if (!match?.[1]) return refuse("missing or malformed bearer token");
    try {
      const { payload } = await jwtVerify(match[1], keys, {
        algorithms: ["RS256"],
        audience: settings.audience,
        issuer: settings.issuers,
        maxTokenAge: settings.maxTokenAgeSeconds,
        clockTolerance: settings.clockToleranceSeconds,
        requiredClaims: ["exp", "iat", "email"],
        currentDate: now,
      });
      if (payload.email !== settings.email) return refuse("token is for another service account");
      if (payload.email_verified !== true) return refuse("token's email is not verified");
      return ok(payload);
    } catch (e) {
      if (e instanceof errors.JWKSTimeout)
        return err({ status: 503, reason: "signing keys timed out" });
      if (e instanceof errors.JOSEError) return refuse(`token refused: ${e.code}`);
      // fetch failed (DNS, connection): the keys are unavailable, not the token wrong.
      return err({
        status: 503,
        reason: `signing keys unavailable: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  };
}
