import { z } from "zod";
import { credentialKeys } from "./hosts.js";

/** How to authenticate to one registry host. */
export type Credential =
  | { kind: "basic"; username: string; password: string }
  /** An OAuth2 refresh token (`identitytoken` in config.json), exchanged at the token realm. */
  | { kind: "identity-token"; username: string; token: string }
  /** A bearer token used as is (`registrytoken`). */
  | { kind: "bearer"; token: string };

export interface CredentialStore {
  lookup(host: string): Credential | null;
}

const authEntry = z.object({
  auth: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  identitytoken: z.string().optional(),
  registrytoken: z.string().optional(),
});
const dockerConfig = z.object({ auths: z.record(z.string(), authEntry).optional() }).passthrough();

/** The `auths` of a Docker `config.json` (or podman `auth.json`), keyed by normalized host. */
export function parseDockerConfig(text: string): Map<string, Credential> {
  const parsed = dockerConfig.parse(JSON.parse(text));
  const out = new Map<string, Credential>();
  for (const [key, entry] of Object.entries(parsed.auths ?? {})) {
    const cred = toCredential(entry);
    if (cred) out.set(normalizeKey(key), cred);
  }
  return out;
}

function toCredential(entry: z.infer<typeof authEntry>): Credential | null {
  let username = entry.username;
  let password = entry.password;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) {
      username = decoded.slice(0, colon);
      password = decoded.slice(colon + 1);
    }
  }
  if (entry.identitytoken)
    return { kind: "identity-token", username: username ?? "<token>", token: entry.identitytoken };
  if (entry.registrytoken) return { kind: "bearer", token: entry.registrytoken };
  if (username !== undefined && password !== undefined && username !== "")
    return { kind: "basic", username, password };
  return null;
}

/** `https://index.docker.io/v1/` → `index.docker.io`; `ghcr.io` stays. */
function normalizeKey(key: string): string {
  return key
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\/.*$/, "")
    .toLowerCase();
}

/** `ghcr.io` → `GHCR_IO`; `127.0.0.1:5000` → `127_0_0_1_5000`. */
export function envPrefix(host: string): string {
  return `BUMPWARDEN_REGISTRY_${host.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/**
 * Credentials per host. Environment first (`BUMPWARDEN_REGISTRY_<HOST>_USERNAME`/`_PASSWORD`, or
 * `_TOKEN` for a bearer token), then the Docker config files given, in order.
 */
export function createCredentialStore(
  env: Record<string, string | undefined>,
  configs: Map<string, Credential>[],
): CredentialStore {
  return {
    lookup(host) {
      const prefix = envPrefix(host);
      const token = env[`${prefix}_TOKEN`];
      if (token) return { kind: "bearer", token };
      const username = env[`${prefix}_USERNAME`];
      const password = env[`${prefix}_PASSWORD`];
      if (username && password !== undefined) return { kind: "basic", username, password };
      for (const config of configs)
        for (const key of credentialKeys(host)) {
          const cred = config.get(key);
          if (cred) return cred;
        }
      return null;
    },
  };
}
