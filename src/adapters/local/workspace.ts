import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseConfig } from "../../core/config/load.js";
import type { Config } from "../../core/config/schema.js";
import { classifyFile } from "../../core/formats/classify.js";
import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";
import { DEFAULT_MAX_FILE_SIZE } from "../../core/scan/scan-files.js";
import { readTree } from "./read-tree.js";
import type { LocalTree } from "./read-tree.js";
import { decodeUtf8 } from "./utf8.js";

export interface Workspace extends LocalTree {
  /** `.github/bumpwarden.yml`, or the defaults when the tree has none. */
  config: Config | null;
  configPath: string | null;
}

export const CONFIG_PATH = ".github/bumpwarden.yml";

/** A GitOps checkout on disk: its scannable files and its configuration (when it has one). */
export async function openWorkspace(
  root: string,
  options: { maxFileBytes?: number; configFile?: string } = {},
): Promise<Result<Workspace, string>> {
  const tree = await readTree(root, {
    accept: (path) => classifyFile(path) !== null,
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_SIZE,
  });
  if (!tree.ok) return tree;
  const configPath = options.configFile ?? join(root, CONFIG_PATH);
  const bytes = await readFile(configPath).catch(() => undefined);
  if (!bytes) {
    if (options.configFile) return err(`cannot read ${options.configFile}`);
    return ok({ ...tree.value, config: null, configPath: null });
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return err(`${configPath}:${decoded.line}: not valid UTF-8`);
  const config = parseConfig(decoded.text);
  if (!config.ok)
    return err(
      config.error
        .map(
          (p) =>
            `${configPath}${p.line ? `:${p.line}` : ""}: ${p.path ? `${p.path}: ` : ""}${p.message}`,
        )
        .join("\n"),
    );
  return ok({ ...tree.value, config: config.value, configPath });
}
