import { chmod, readFile, rename, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";

export interface FileChange {
  path: string;
  /** The text the file had when it was read. */
  before: string;
  after: string;
}

/**
 * Writes changed files only after every check passed: each path must stay inside the tree and each
 * file must still hold exactly the bytes that were read. Each file is replaced atomically (temporary
 * file in the same directory, then rename), keeping its mode.
 */
export async function writeFiles(
  root: string,
  changes: readonly FileChange[],
  pid: number,
): Promise<Result<number, string>> {
  const base = resolve(root);
  for (const change of changes) {
    const full = resolve(base, change.path);
    if (relative(base, full).startsWith(`..${sep}`) || relative(base, full) === "..")
      return err(`${change.path} is outside ${root}`);
    const current = await readFile(full).catch(() => undefined);
    if (!current?.equals(Buffer.from(change.before, "utf8")))
      return err(`${change.path} changed on disk since it was read; nothing was written`);
  }
  for (const change of changes) {
    const full = resolve(base, change.path);
    const temp = join(dirname(full), `.${basename(full)}.bumpwarden-${pid}.tmp`);
    const { mode } = await stat(full);
    await writeFile(temp, change.after, "utf8");
    await chmod(temp, mode);
    await rename(temp, full);
  }
  return ok(changes.length);
}
