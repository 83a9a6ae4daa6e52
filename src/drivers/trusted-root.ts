import { parseTrustedRoot } from "../core/signatures/keyless.js";

/**
 * Reads the Sigstore trusted root named by `BUMPWARDEN_SIGSTORE_TRUSTED_ROOT`, once, at start-up.
 * Unset is `undefined` (keyless rules then fail with that reason); a file that cannot be read or
 * is not a trusted root stops the start with its path, rather than failing every keyless check.
 */
export function loadTrustedRoot(
  path: string | undefined,
  readFile: (path: string) => string,
): unknown {
  if (path === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFile(path));
  } catch (e) {
    throw new Error(
      `BUMPWARDEN_SIGSTORE_TRUSTED_ROOT: ${path}: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  const root = parseTrustedRoot(json);
  if (!root.ok) throw new Error(`BUMPWARDEN_SIGSTORE_TRUSTED_ROOT: ${path}: ${root.error}`);
  return json;
}
