import { mkdirSync, writeFileSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, expect } from "vitest";
import { main } from "../../src/drivers/cli/main.js";

/** Runs the CLI in-process and captures what it prints. */
export async function runCli(
  args: string[],
  cwd = process.cwd(),
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd,
    env,
  });
  return { code, stdout, stderr };
}

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A temporary directory holding `files` (text or bytes), removed after the test. */
export async function tempTree(
  files: Record<string, string | Uint8Array> = {},
  copyFrom?: string,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "bumpwarden-cli-"));
  dirs.push(dir);
  if (copyFrom) await cp(copyFrom, dir, { recursive: true });
  writeTree(dir, files);
  return dir;
}

/** Writes `files` (text or bytes) under `dir`, making their directories. */
export function writeTree(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** Every file's bytes, to prove that nothing was written. */
export async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const walk = async (sub: string): Promise<void> => {
    for (const entry of await readdir(join(dir, sub), { withFileTypes: true })) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path);
      else out.set(path, await readFile(join(dir, path)));
    }
  };
  await walk("");
  return out;
}

/** Asserts that the only differences between two snapshots are the given files, changed as given. */
export function expectChanges(
  before: Map<string, Buffer>,
  after: Map<string, Buffer>,
  changed: Record<string, string>,
): void {
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  for (const [path, bytes] of before) {
    const want = changed[path];
    expect(
      after.get(path)?.equals(want === undefined ? bytes : Buffer.from(want, "utf8")),
      path,
    ).toBe(true);
  }
}
