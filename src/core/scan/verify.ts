import type { Reference } from "../formats/types.js";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import { scanFiles } from "./scan-files.js";
import type { ScanOptions, SourceFile } from "./scan-files.js";

export interface EditedReference {
  ref: Reference;
  tag: boolean;
  digest: boolean;
  /** The tag it must read when it is another reading of bytes edited for a reference with another affix. */
  expectedTag?: string;
}

export interface ChangedFile {
  path: string;
  after: string;
  /** The file's references before the edit. */
  before: readonly Reference[];
  edited: readonly EditedReference[];
}

/**
 * Scans edited files again (with `context`: unchanged base values files their overrides build on) and checks the bump did what it claims: each still parses, holds the same
 * references, the edited ones now read the new tag (and digest), the others are unchanged.
 */
export function verifyFiles(
  changed: readonly ChangedFile[],
  want: { tag: string; digest: string | null },
  options: ScanOptions,
  context: readonly SourceFile[] = [],
): Result<void, string> {
  const { mentions: _ignored, ...scanOptions } = options;
  const paths = new Set(changed.map((c) => c.path));
  const rescan = scanFiles(
    [
      ...changed.map((c) => ({ path: c.path, text: c.after })),
      ...context.filter((f) => !paths.has(f.path)),
    ],
    { ...scanOptions, dedupe: false },
  );
  const broken = rescan.problems.find((p) => p.severity === "error" && paths.has(p.file));
  if (broken)
    return err(
      `${broken.file}: the edited file no longer reads: ${broken.message} (line ${broken.line ?? "?"})`,
    );
  const byFile = new Map<string, Reference[]>();
  for (const r of rescan.references) {
    const list = byFile.get(r.file);
    if (list) list.push(r);
    else byFile.set(r.file, [r]);
  }
  for (const c of changed) {
    const verified = verifyFile(c, byFile.get(c.path) ?? [], want);
    if (!verified.ok) return verified;
  }
  return ok(undefined);
}

function verifyFile(
  c: ChangedFile,
  after: readonly Reference[],
  want: { tag: string; digest: string | null },
): Result<void, string> {
  const { path, edited } = c;
  const editedOf = new Map(edited.map((e) => [e.ref, e]));
  const now = keyed(after);
  const then = keyed(c.before);
  if (now.size !== then.size)
    return err(`${path}: ${then.size} references before the edit, ${now.size} after`);
  for (const [key, b] of then) {
    const a = now.get(key);
    if (!a) return err(`${path}:${b.line}: reference ${b.image ?? ""} is gone after the edit`);
    const e = editedOf.get(b);
    const tag = e?.tag ? (e.expectedTag ?? want.tag) : b.tag;
    const digest = e?.digest ? want.digest : b.digest;
    if (a.kind !== b.kind || a.repository !== b.repository || a.tag !== tag || a.digest !== digest)
      return err(
        `${path}:${a.line}: expected ${b.repository ?? ""} ${tag ?? ""} ${digest ?? ""} after the edit, found ${a.image ?? ""}`,
      );
    if (!e && a.image !== b.image)
      return err(`${path}:${a.line}: ${b.image ?? ""} changed to ${a.image ?? ""}`);
  }
  return ok(undefined);
}

/** References keyed by what edits never change: kind, document, YAML path, policy, and order. */
function keyed(refs: readonly Reference[]): Map<string, Reference> {
  const out = new Map<string, Reference>();
  const counts = new Map<string, number>();
  for (const r of refs) {
    const base = `${r.kind}|${r.document ?? ""}|${r.path ?? ""}|${r.policy ?? ""}`;
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    out.set(`${base}|${n}`, r);
  }
  return out;
}
