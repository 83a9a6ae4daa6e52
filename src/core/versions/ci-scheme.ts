import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import type { Scheme } from "./rank.js";
import type { PolicyError } from "./types.js";

/** Placeholders a CI tag template may use, and what each matches. */
const PLACEHOLDERS: Record<string, string> = {
  sha: "[0-9a-f]{7,40}",
  short_sha: "[0-9a-f]{7,12}",
  run: "\\d+",
  ts: "\\d+",
  branch: "[A-Za-z0-9._-]+?",
};

interface Key {
  /** Position of the tag's commit in the history (oldest = 0), or -1 when no history is given. */
  position: number;
  run: bigint;
  branch: string | null;
}

/**
 * Tags built by CI (`sha-{short_sha}`, `main-{sha}-{run}`, `{branch}-{ts}`), ordered by the order
 * of their commits in `commitOrder` (oldest first), then by run number or timestamp. Commit hashes
 * have no order of their own, so without a history only `{run}`/`{ts}` can order tags.
 */
export function ciScheme(
  template: string,
  commitOrder: readonly string[] | undefined,
): Result<Scheme<Key>, PolicyError> {
  const compiled = compileTemplate(template);
  if (!compiled.ok) return compiled;
  const { re, hasCommit, hasCounter } = compiled.value;
  const history = commitOrder && commitOrder.length > 0 ? indexHistory(commitOrder) : null;
  if (hasCommit && !history && !hasCounter)
    return err({
      code: "invalid-template",
      message: `template "${template}" orders tags by commit, but no commit history was given (from the workflow run or the image's revision label)`,
    });
  const useHistory = hasCommit && history !== null;
  return ok({
    describe: `match "${template}" (ordered by ${useHistory ? "commit history" : "run number"})`,
    parse(tag) {
      const m = re.exec(tag);
      if (!m?.groups) return "not-a-version";
      const g = m.groups;
      const counter = g.run ?? g.ts;
      const sha = g.sha ?? g.short_sha;
      const position = useHistory && sha !== undefined ? history.lookup(sha) : -1;
      if (useHistory && position < 0) return "unknown-commit";
      return {
        position,
        run: counter === undefined ? 0n : BigInt(counter),
        branch: g.branch ?? null,
      };
    },
    compare: (a, b) => a.position - b.position || (a.run < b.run ? -1 : a.run > b.run ? 1 : 0),
    admit: (key, current) => (current && current.branch !== key.branch ? "other-branch" : null),
    currentUnreadable: useHistory
      ? "Its commit must be in the given history (oldest to newest) for newer tags to be recognised."
      : "Use a tag built from this template.",
  });
}

/**
 * The commit a CI tag names under `template` (its `{sha}` or `{short_sha}`), or null when the tag
 * does not match the template or the template names no commit.
 */
export function commitOfTag(template: string, tag: string): string | null {
  const compiled = compileTemplate(template);
  if (!compiled.ok || !compiled.value.hasCommit) return null;
  const g = compiled.value.re.exec(tag)?.groups;
  return g?.sha ?? g?.short_sha ?? null;
}

/** Whether tags under `template` are ordered by their commits (it has `{sha}` or `{short_sha}`). */
export function ordersByCommit(template: string): boolean {
  const compiled = compileTemplate(template);
  return compiled.ok && compiled.value.hasCommit;
}

function compileTemplate(
  template: string,
): Result<{ re: RegExp; hasCommit: boolean; hasCounter: boolean }, PolicyError> {
  let source = "^";
  const seen = new Set<string>();
  let last = 0;
  for (const m of template.matchAll(/\{([a-z_]+)\}/g)) {
    const name = m[1] ?? "";
    const pattern = PLACEHOLDERS[name];
    if (pattern === undefined || seen.has(name))
      return err({
        code: "invalid-template",
        message: `"{${name}}" in "${template}" is ${pattern === undefined ? "not a placeholder" : "used twice"}; use ${Object.keys(
          PLACEHOLDERS,
        )
          .map((p) => `{${p}}`)
          .join(", ")}`,
      });
    seen.add(name);
    source += escape(template.slice(last, m.index)) + `(?<${name}>${pattern})`;
    last = m.index + m[0].length;
  }
  source += `${escape(template.slice(last))}$`;
  const hasCommit = seen.has("sha") || seen.has("short_sha");
  const hasCounter = seen.has("run") || seen.has("ts");
  if (!hasCommit && !hasCounter)
    return err({
      code: "invalid-template",
      message: `template "${template}" needs {sha}, {short_sha}, {run} or {ts}`,
    });
  return ok({ re: new RegExp(source), hasCommit, hasCounter });
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Abbreviated SHAs match full ones by prefix; the newest occurrence wins. */
function indexHistory(commits: readonly string[]): { lookup(sha: string): number } {
  const byPrefix = new Map<string, number[]>();
  commits.forEach((c, i) => {
    const k = c.slice(0, 7).toLowerCase();
    const list = byPrefix.get(k);
    if (list) list.push(i);
    else byPrefix.set(k, [i]);
  });
  return {
    lookup(sha) {
      const s = sha.toLowerCase();
      const hits = byPrefix.get(s.slice(0, 7)) ?? [];
      for (let j = hits.length - 1; j >= 0; j--) {
        const i = hits[j] ?? -1;
        const full = (commits[i] ?? "").toLowerCase();
        if (full.startsWith(s) || s.startsWith(full)) return i;
      }
      return -1;
    },
  };
}
