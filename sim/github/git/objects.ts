import { createHash } from "node:crypto";

/** Git object model, encoded byte for byte as git does, so SHAs match `git hash-object`. */
export type ObjectType = "blob" | "tree" | "commit";

/** Tree entry modes as the REST API spells them (trees are "040000" there, "40000" in git). */
export type FileMode = "100644" | "100755" | "040000" | "120000" | "160000";

export interface TreeEntry {
  name: string;
  mode: FileMode;
  sha: string;
}

export interface Signature {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  time: number;
  /** "+0000" style offset. */
  tz: string;
}

export interface CommitData {
  tree: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  message: string;
}

export function hashObject(type: ObjectType, body: Buffer): string {
  return createHash("sha1").update(`${type} ${body.length}\0`).update(body).digest("hex");
}

export function entryType(mode: FileMode): "blob" | "tree" | "commit" {
  if (mode === "040000") return "tree";
  if (mode === "160000") return "commit";
  return "blob";
}

/** Git orders tree entries bytewise, comparing a tree's name as if it ended with "/". */
export function compareEntries(a: TreeEntry, b: TreeEntry): number {
  const ka = Buffer.from(a.mode === "040000" ? `${a.name}/` : a.name);
  const kb = Buffer.from(b.mode === "040000" ? `${b.name}/` : b.name);
  return Buffer.compare(ka, kb);
}

export function encodeTree(entries: readonly TreeEntry[]): Buffer {
  const sorted = [...entries].sort(compareEntries);
  const parts: Buffer[] = [];
  for (const e of sorted) {
    const mode = e.mode === "040000" ? "40000" : e.mode;
    parts.push(Buffer.from(`${mode} ${e.name}\0`), Buffer.from(e.sha, "hex"));
  }
  return Buffer.concat(parts);
}

export function decodeTree(body: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const nul = body.indexOf(0, space);
    const rawMode = body.toString("latin1", at, space);
    const mode = (rawMode === "40000" ? "040000" : rawMode) as FileMode;
    const name = body.toString("utf8", space + 1, nul);
    const sha = body.toString("hex", nul + 1, nul + 21);
    entries.push({ name, mode, sha });
    at = nul + 21;
  }
  return entries;
}

function formatSignature(s: Signature): string {
  return `${s.name} <${s.email}> ${s.time} ${s.tz}`;
}

export function encodeCommit(c: CommitData): Buffer {
  const lines = [`tree ${c.tree}`];
  for (const p of c.parents) lines.push(`parent ${p}`);
  lines.push(`author ${formatSignature(c.author)}`, `committer ${formatSignature(c.committer)}`);
  return Buffer.from(`${lines.join("\n")}\n\n${c.message}`);
}

export function signatureAt(name: string, email: string, date: Date): Signature {
  return { name, email, time: Math.floor(date.getTime() / 1000), tz: "+0000" };
}

export function signatureDate(s: Signature): string {
  return new Date(s.time * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}
