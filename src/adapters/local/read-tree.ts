import { createReadStream } from "node:fs";
import { lstat, readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Problem } from "../../core/formats/types.js";
import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";
import type { SourceFile } from "../../core/scan/scan-files.js";
import { decodeUtf8 } from "./utf8.js";

export interface ReadTreeOptions {
  /** Which relative paths to read (the scanner's file classification). */
  accept: (path: string) => boolean;
  /** Larger files are not read; each is reported. */
  maxFileBytes: number;
}

export interface LocalTree {
  root: string;
  files: SourceFile[];
  /** Files that could not be read: too large, not UTF-8. */
  problems: Problem[];
}

const SKIPPED_DIRS = new Set([".git", "node_modules"]);

/**
 * Reads a directory tree for the CLI: `.git` and `node_modules` skipped, symbolic links not followed
 * (nothing outside the tree is read), UTF-8 decoded strictly, files over the size limit left unread.
 */
export async function readTree(
  root: string,
  options: ReadTreeOptions,
): Promise<Result<LocalTree, string>> {
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) return err(`${root} is not a directory`);
  const tree: LocalTree = { root, files: [], problems: [] };
  const dirs = [""];
  while (dirs.length > 0) {
    const dir = dirs.pop() as string;
    const entries = await readdir(join(root, dir), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) dirs.push(path);
      } else if (entry.isFile() && options.accept(path))
        await readOne(tree, path, options.maxFileBytes);
    }
  }
  tree.files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return ok(tree);
}

async function readOne(tree: LocalTree, path: string, maxBytes: number): Promise<void> {
  const full = join(tree.root, path);
  const { size } = await lstat(full);
  if (size > maxBytes) {
    tree.problems.push({
      file: path,
      severity: "error",
      message: `${size} bytes, over the ${maxBytes}-byte limit; not read`,
    });
    return;
  }
  const decoded = decodeUtf8(await readFile(full));
  if (decoded.ok) tree.files.push({ path, text: decoded.text });
  else
    tree.problems.push({
      file: path,
      line: decoded.line,
      severity: "error",
      message: `not valid UTF-8 (byte ${decoded.offset})`,
    });
}

/** Whether a file's bytes contain `needle`, read in chunks (for files too large or not UTF-8). */
export async function fileMentions(root: string, path: string, needle: string): Promise<boolean> {
  const want = Buffer.from(needle, "utf8");
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(join(root, path))) {
    const window = Buffer.concat([tail, chunk as Buffer]);
    if (window.includes(want)) return true;
    tail = window.subarray(Math.max(0, window.length - want.length + 1));
  }
  return false;
}
