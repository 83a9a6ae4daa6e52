import { environmentMap } from "../environments/index.js";
import type { EnvironmentMap, EnvironmentsConfig } from "../environments/index.js";
import { formats } from "../formats/catalog.js";
import { classifyFile, isYamlCategory } from "../formats/classify.js";
import { baseOf } from "../formats/helm-values/override-files.js";
import { resolveOverrides } from "../formats/helm-values/overrides.js";
import type {
  FileCategory,
  Findings,
  FormatInput,
  Problem,
  Reference,
  Templated,
} from "../formats/types.js";
import { indexLines, parseYaml } from "../yaml/index.js";
import { toReference } from "./to-reference.js";
import { yamlGuards } from "./yaml-guards.js";

export interface SourceFile {
  /** Relative, `/`-separated. */
  path: string;
  text: string;
}

export interface ScanOptions {
  /** `environments:` of `.github/bumpwarden.yml`, or a prepared map; inferred from paths when absent. */
  environments?: EnvironmentsConfig | EnvironmentMap;
  /** Read only files whose text contains one of these strings (a bump names its image). */
  mentions?: readonly string[];
  /** Files longer than this (in UTF-16 code units) are not read. Default 10 MiB. */
  maxFileSize?: number;
  /** Deepest YAML nesting read. Default 100. */
  maxDepth?: number;
  /**
   * Report one reference per (file, line, kind, image), as design §4.1 lists them (default). A bump
   * turns this off: two identical images on one line are two places to edit.
   */
  dedupe?: boolean;
}

export interface ScanResult {
  /** Sorted by file, line, kind, image; one per (file, line, kind, image). */
  references: Reference[];
  templated: Templated[];
  problems: Problem[];
}

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

/** Words one of which any file holding an image reference contains (keys `image`, `images`, `repository`, markers). */
const MAY_HOLD_REFERENCE = /image|repository/i;

/**
 * Finds every image reference in a set of files, with no configuration: which format reads a file is
 * decided by its name, YAML is parsed once per file and shared by every YAML format. Pure.
 */
export function scanFiles(files: readonly SourceFile[], options: ScanOptions = {}): ScanResult {
  const envs = isMap(options.environments)
    ? options.environments
    : environmentMap(options.environments);
  const result: ScanResult = { references: [], templated: [], problems: [] };
  const exists = new Set(files.map((f) => f.path));
  const categories = new Map<string, FileCategory>();
  for (const file of files) {
    const category = categoryOf(file.path, exists);
    if (category !== null && worthReading(file.text, category, options.mentions))
      categories.set(file.path, category);
  }
  // An override that sets only a tag names no image: it is read when its base is.
  const overrides = new Map<string, string>();
  for (const file of files) {
    const base = baseOf(file.path, exists);
    const category = categoryOf(file.path, exists);
    if (base === undefined || category === null || !categories.has(base)) continue;
    overrides.set(file.path, base);
    categories.set(file.path, category);
  }
  const bases = new Set(overrides.values());
  const kept = new Map<string, { input: FormatInput; environments: string[] }>();
  for (const file of files) {
    const category = categories.get(file.path);
    if (category === undefined) continue;
    if (file.text.length > (options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE)) {
      result.problems.push({
        file: file.path,
        severity: "error",
        message: `larger than ${options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE} characters; not read`,
      });
      continue;
    }
    const lines = indexLines(file.text);
    const input: FormatInput = { path: file.path, text: file.text, category, lines };
    const findings = scanFile(input, options.maxDepth ?? 100);
    const environments = envs.of(file.path);
    addFindings(result, findings, input, environments);
    if (input.yaml && (overrides.has(file.path) || bases.has(file.path)))
      kept.set(file.path, { input, environments });
  }
  for (const [path, base] of overrides) {
    const mine = kept.get(path);
    const theirs = kept.get(base);
    if (mine && theirs)
      addFindings(
        result,
        resolveOverrides(mine.input, theirs.input, base),
        mine.input,
        mine.environments,
      );
  }
  if (options.dedupe !== false) result.references = dedupe(result.references);
  result.references.sort(byPlace);
  return result;
}

const isMap = (e: ScanOptions["environments"]): e is EnvironmentMap =>
  typeof (e as EnvironmentMap | undefined)?.of === "function";

function worthReading(
  text: string,
  category: FileCategory,
  mentions: readonly string[] | undefined,
): boolean {
  if (mentions && !mentions.some((m) => text.includes(m))) return false;
  return category === "dockerfile" ? /from/i.test(text) : MAY_HOLD_REFERENCE.test(text);
}

/** How a file is read: by its name, and a file in a chart's `values/` directory as Helm values. */
function categoryOf(path: string, exists: ReadonlySet<string>): FileCategory | null {
  const category = classifyFile(path);
  return category !== null && baseOf(path, exists) !== undefined ? "values" : category;
}

/** Places a file's findings (offsets) in the result (lines, environments). */
function addFindings(
  result: ScanResult,
  findings: Findings,
  input: FormatInput,
  environments: string[],
): void {
  const { path, lines } = input;
  for (const found of findings.references)
    result.references.push(toReference(found, path, lines, environments));
  for (const t of findings.templated)
    result.templated.push({ file: path, line: lines.lineOf(t.offset), kind: t.kind, text: t.text });
  for (const p of findings.problems) {
    const line = p.line ?? (p.offset !== undefined ? lines.lineOf(p.offset) : undefined);
    result.problems.push({
      file: path,
      ...(line !== undefined && { line }),
      severity: p.severity,
      message: p.message,
    });
  }
}

/** One file's findings; a YAML file's parsed tree is left on `input.yaml`. */
function scanFile(input: FormatInput, maxDepth: number): Findings {
  const { category, text, lines } = input;
  const out: Findings = { references: [], templated: [], problems: [] };
  if (isYamlCategory(category)) {
    const parsed = parseYaml(text, { maxDepth });
    if (!parsed.ok) {
      const template = text.includes("{{");
      out.problems.push({
        line: parsed.error.line,
        severity: template ? "notice" : "error",
        message: `not valid YAML${template ? " (a template?)" : ""}: ${parsed.error.message}`,
      });
      append(out.templated, unparsedTemplates(text));
    } else {
      const guards = yamlGuards(parsed.value, lines);
      append(out.problems, guards.problems);
      if (guards.skip) return out;
      input.yaml = parsed.value;
    }
  }
  for (const format of formats) {
    if (
      !format.reads(category) ||
      (isYamlCategory(category) && !input.yaml && format.name !== "marker")
    )
      continue;
    const found = format.extract(input);
    append(out.references, found.references);
    append(out.templated, found.templated);
    append(out.problems, found.problems);
  }
  return out;
}

/** `push(...items)` overflows the stack on very large arrays; this does not. */
function append<T>(to: T[], items: readonly T[]): void {
  for (const item of items) to.push(item);
}

/** In a file that is not YAML (a Helm template), `image:` lines holding `{{ … }}`. */
function unparsedTemplates(text: string): Findings["templated"] {
  const out: Findings["templated"] = [];
  const pattern = /^ *(?:- )?image: (.*)$/gm;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const value = (m[1] ?? "").replace(/\r$/, "").trim();
    if (value.includes("{{")) out.push({ kind: "unparsed", offset: m.index, text: value });
  }
  return out;
}

function dedupe(refs: Reference[]): Reference[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.file}\u0000${r.line}\u0000${r.kind}\u0000${r.image ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function byPlace(a: Reference, b: Reference): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  const ai = a.image ?? "";
  const bi = b.image ?? "";
  return ai < bi ? -1 : ai > bi ? 1 : 0;
}
