import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Result } from "../../core/result.js";
import { err, ok } from "../../core/result.js";
import { createCredentialStore, parseDockerConfig } from "./credentials.js";
import type { Credential, CredentialStore } from "./credentials.js";

/**
 * Credentials from the environment and Docker config files: `REGISTRY_AUTH_FILE` (podman/skopeo),
 * `$DOCKER_CONFIG/config.json`, then `~/.docker/config.json`. Missing files are skipped; a file that
 * is not valid JSON is an error naming it. `credsStore`/`credHelpers` are not run (no helper binaries).
 */
export async function loadCredentialStore(
  env: Record<string, string | undefined>,
  read: (path: string) => Promise<string> = (p) => readFile(p, "utf8"),
): Promise<Result<CredentialStore, string>> {
  const paths: string[] = [];
  if (env.REGISTRY_AUTH_FILE) paths.push(env.REGISTRY_AUTH_FILE);
  if (env.DOCKER_CONFIG) paths.push(join(env.DOCKER_CONFIG, "config.json"));
  if (env.HOME) paths.push(join(env.HOME, ".docker", "config.json"));
  const configs: Map<string, Credential>[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await read(path);
    } catch {
      continue;
    }
    try {
      configs.push(parseDockerConfig(text));
    } catch (e) {
      return err(`${path}: not a Docker config.json (${(e as Error).message.split("\n")[0]})`);
    }
  }
  return ok(createCredentialStore(env, configs));
}
