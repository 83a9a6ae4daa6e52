import { createPublicKey, verify } from "node:crypto";
import { err, ok, type Result } from "../../src/core/result.js";
import type { SimFailure } from "./errors.js";
import type { SimState } from "./state/state.js";
import type { InstallationRecord } from "./state/types.js";

export type Caller =
  | { kind: "app" }
  | { kind: "installation"; installation: InstallationRecord }
  | { kind: "anonymous" };

const unauthorized = (message: string): SimFailure => ({ status: 401, message });

/**
 * Who is calling. An app JWT must have a JWT's shape and name this app as its issuer; the
 * signature is not checked. Installation tokens are the ones this simulator issued.
 */
export function identify(state: SimState, header: string | undefined): Result<Caller, SimFailure> {
  if (!header) return ok({ kind: "anonymous" });
  const m = /^(bearer|token)\s+(\S+)$/i.exec(header.trim());
  if (!m) return err(unauthorized("Bad credentials"));
  const credential = m[2] as string;
  const record = state.tokens.get(credential);
  if (record) {
    if (record.expiresAt.getTime() <= state.now().getTime())
      return err(unauthorized("Bad credentials"));
    const installation = state.installations.get(record.installationId);
    return installation
      ? ok({ kind: "installation", installation })
      : err(unauthorized("Bad credentials"));
  }
  const parts = credential.split(".");
  if (parts.length !== 3 || (m[1] as string).toLowerCase() !== "bearer")
    return err(unauthorized("Bad credentials"));
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1] as string, "base64url").toString("utf8"));
  } catch {
    return err(unauthorized("A JSON web token could not be decoded"));
  }
  const iss =
    typeof payload === "object" && payload !== null
      ? (payload as Record<string, unknown>)["iss"]
      : undefined;
  if (String(iss) !== String(state.app.id) && iss !== state.app.clientId) {
    return err(unauthorized(`'Issuer' claim ('iss') must be the app's ID (${state.app.id})`));
  }
  const key = state.options.appPublicKey;
  if (key) {
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
    if (
      !verify(
        "RSA-SHA256",
        signed,
        createPublicKey(key),
        Buffer.from(parts[2] as string, "base64url"),
      )
    ) {
      return err(unauthorized("A JSON web token could not be decoded"));
    }
    // JWT times come from the client's real clock, not the simulator's.
    const exp = Number((payload as Record<string, unknown>)["exp"]);
    if (!(exp * 1000 > Date.now()))
      return err(
        unauthorized(
          "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
        ),
      );
  }
  return ok({ kind: "app" });
}
