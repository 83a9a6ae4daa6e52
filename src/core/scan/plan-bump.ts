import type { Edit, Reference } from "../formats/types.js";
import { isValidDigest, isValidTag, parseReference } from "../image-ref.js";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import { applyEdits, uniqueEdits } from "../text/splice.js";
import { indexLines } from "../yaml/index.js";
import type { BumpError, BumpPlan, BumpRequest, BumpWarning, PlannedEdit } from "./bump-types.js";
import { planReference } from "./plan-reference.js";
import type { ReferenceEdit } from "./plan-reference.js";
import { scanFiles } from "./scan-files.js";
import type { ScanOptions, SourceFile } from "./scan-files.js";
import { verifyFiles } from "./verify.js";
import type { ChangedFile, EditedReference } from "./verify.js";

/**
 * Plans a bump: which bytes change in which files so that every reference to the repository (in the
 * environment, when given) reads the new tag. Never downgrades a comparable version, never leaves a
 * stale digest next to a new tag, and refuses to plan when a file that mentions the image cannot be
 * read safely. The new texts are verified by scanning them again. Pure: files in, plan out.
 */
export function planBump(
  files: readonly SourceFile[],
  request: BumpRequest,
  options: ScanOptions = {},
): Result<BumpPlan, BumpError> {
  const checked = checkRequest(request);
  if (!checked.ok) return checked;
  const repository = checked.value;
  const scan = scanFiles(files, {
    ...options,
    dedupe: false,
    mentions: [repository.slice(repository.lastIndexOf("/") + 1)],
  });
  const blocking = scan.problems.filter((p) => p.severity === "error");
  if (blocking.length > 0)
    return err({
      code: "unreadable-files",
      message: `${blocking.length} problem(s) in files that may name ${repository}; nothing was changed`,
      problems: blocking,
    });

  const plan: BumpPlan = {
    repository,
    tag: request.tag,
    digest: request.digest ?? null,
    env: request.env ?? null,
    references: [],
    edits: [],
    files: [],
    warnings: [],
  };
  for (const p of scan.problems)
    if (p.severity === "warning")
      plan.warnings.push({
        code: "file-problem",
        file: p.file,
        ...(p.line !== undefined && { line: p.line }),
        message: p.message,
      });
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const refsByFile = new Map<string, Reference[]>();
  const planned = new Map<string, ReferenceEdit[]>();
  for (const ref of scan.references) {
    const inFile = refsByFile.get(ref.file);
    if (inFile) inFile.push(ref);
    else refsByFile.set(ref.file, [ref]);
    if (ref.repository !== repository && ref.linkedRepository !== repository) continue;
    plan.references.push(ref);
    const edits = planReference(ref, plan, texts.get(ref.file) ?? "");
    if (edits.length === 0) continue;
    const inPlan = planned.get(ref.file);
    if (inPlan) for (const e of edits) inPlan.push(e);
    else planned.set(ref.file, edits);
  }

  const changed: ChangedFile[] = [];
  for (const [path, allEdits] of planned) {
    const before = texts.get(path) ?? "";
    const fileEdits = withoutConflicts(allEdits, plan);
    const edits = uniqueEdits(fileEdits.map((p) => p.edit)).filter(
      (e) => before.slice(e.start, e.end) !== e.text,
    );
    if (edits.length === 0) continue;
    const after = applyEdits(before, edits);
    if (!after.ok) return err({ code: "verification-failed", message: `${path}: ${after.error}` });
    const refs = refsByFile.get(path) ?? [];
    changed.push({
      path,
      after: after.value,
      before: refs,
      edited: editedReferences(fileEdits, refs, edits, request.tag, plan),
    });
    const lines = indexLines(before);
    const firstPlanned = new Map<string, ReferenceEdit>();
    for (const p of fileEdits)
      if (!firstPlanned.has(editKey(p.edit))) firstPlanned.set(editKey(p.edit), p);
    for (const edit of edits) {
      const p = firstPlanned.get(editKey(edit));
      if (p) plan.edits.push(plannedEdit(path, edit, p, lines.lineOf(edit.start), request));
    }
    plan.files.push({ path, text: after.value });
  }
  // An edited override resolves its repository from its base values file: verify with it.
  const bases = new Set(changed.flatMap((c) => c.before.flatMap((r) => r.base ?? [])));
  const verified = verifyFiles(
    changed,
    { tag: request.tag, digest: request.digest ?? null },
    options,
    files.filter((f) => bases.has(f.path)),
  );
  if (!verified.ok) return err({ code: "verification-failed", message: verified.error });
  plan.warnings = uniqueWarnings(plan.warnings);
  plan.edits.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start));
  plan.files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return ok(plan);
}

/**
 * Two references that read the same bytes but need different values there (`${VER}` and
 * `${VER}-slim` for a tag `1.2-slim`) cannot both be satisfied: neither is edited, each is warned about.
 */
function withoutConflicts(edits: ReferenceEdit[], plan: BumpPlan): ReferenceEdit[] {
  const sorted = [...edits].sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end);
  const conflicting = new Set<ReferenceEdit>();
  let last: ReferenceEdit | undefined;
  for (const e of sorted) {
    const overlaps =
      last !== undefined &&
      (e.edit.start < last.edit.end || e.edit.start === last.edit.start) &&
      (e.edit.start !== last.edit.start ||
        e.edit.end !== last.edit.end ||
        e.edit.text !== last.edit.text);
    if (overlaps && last) {
      conflicting.add(last);
      conflicting.add(e);
    }
    if (!last || e.edit.end >= last.edit.end) last = e;
  }
  if (conflicting.size === 0) return edits;
  const refs = new Set([...conflicting].map((e) => e.ref));
  for (const ref of refs)
    plan.warnings.push({
      code: "cannot-edit",
      file: ref.file,
      line: ref.line,
      message: `${ref.image ?? ref.repository ?? ""} is not changed: it shares the bytes of its tag with another reference that needs a different value there (line(s) ${[
        ...new Set([...refs].filter((r) => r !== ref).map((r) => r.line)),
      ].join(", ")}); edit them by hand`,
    });
  return edits.filter((e) => !refs.has(e.ref));
}

function uniqueWarnings(warnings: BumpWarning[]): BumpWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.code}|${w.file}|${w.line ?? ""}|${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const editKey = (e: Edit): string => `${e.start}:${e.end}:${e.text}`;

function plannedEdit(
  file: string,
  edit: Edit,
  p: ReferenceEdit,
  line: number,
  request: BumpRequest,
): PlannedEdit {
  return {
    file,
    // An inserted `newTag:` starts with a line break: its value is on the next line.
    line: line + (edit.text.match(/\n/g)?.length ?? 0),
    kind: p.ref.kind,
    image: p.ref.image,
    field: p.field,
    from: p.field === "tag" ? p.ref.tag : p.ref.digest,
    to: p.field === "tag" ? request.tag : (request.digest ?? ""),
    ...edit,
  };
}

/**
 * The references an edit changes: those planned, and other readings of the same bytes (a `:tag`
 * marker on a newTag, a second `FROM` using the same `ARG`). Another reading keeps its own affix
 * (`${VER}-slim` becomes `<new>-slim`); when it names another image or ends up with another tag
 * than asked, the plan warns that the edit changes it too.
 */
function editedReferences(
  planned: ReferenceEdit[],
  refs: Reference[],
  edits: Edit[],
  tag: string,
  plan: BumpPlan,
): EditedReference[] {
  const edited = new Map<Reference, EditedReference>();
  const tagWrittenAt = new Map<number, ReferenceEdit>();
  for (const p of planned) {
    let e = edited.get(p.ref);
    if (!e) edited.set(p.ref, (e = { ref: p.ref, tag: false, digest: false }));
    e[p.field] = true;
    if (p.field === "tag" && p.ref.tagSlot) tagWrittenAt.set(p.ref.tagSlot.start, p);
  }
  // Edits never overlap (applyEdits refused that), so only the last one starting at or before a
  // slot can contain it: a binary search keeps files with thousands of edits linear-logarithmic.
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const covered = (slot: Reference["tagSlot"]): boolean => {
    if (slot === undefined || slot.end <= slot.start) return false;
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((sorted[mid]?.start ?? 0) <= slot.start) lo = mid;
      else hi = mid - 1;
    }
    const x = sorted[lo];
    return x !== undefined && x.start <= slot.start && slot.end <= x.end;
  };
  for (const ref of refs) {
    if (edited.has(ref)) continue;
    const tagCovered = covered(ref.tagSlot);
    const digest = covered(ref.digestSlot);
    if (!tagCovered && !digest) continue;
    const e: EditedReference = { ref, tag: tagCovered, digest };
    const by = ref.tagSlot && tagWrittenAt.get(ref.tagSlot.start);
    if (tagCovered && by) {
      const theirs = by.ref.tagSlot?.affix;
      const core = theirs
        ? tag.slice(theirs.prefix.length, tag.length - theirs.suffix.length)
        : tag;
      const mine = ref.tagSlot?.affix;
      e.expectedTag = mine ? `${mine.prefix}${core}${mine.suffix}` : core;
      const other = ref.repository !== null && ref.repository !== plan.repository;
      if (other || e.expectedTag !== tag)
        plan.warnings.push({
          code: "shared-value",
          file: ref.file,
          line: ref.line,
          message: `${ref.image ?? ref.repository ?? ""} reads the tag written for ${by.ref.image ?? ""} (line ${by.ref.line}): this edit changes it too, to ${e.expectedTag}`,
          environments: ref.environments,
        });
    }
    edited.set(ref, e);
  }
  return [...edited.values()];
}

function checkRequest(request: BumpRequest): Result<string, BumpError> {
  const parsed = parseReference(request.repository);
  const bad = (message: string) => err<BumpError>({ code: "invalid-request", message });
  if (!parsed.ok)
    return bad(`"${request.repository}" is not an image repository: ${parsed.error.message}`);
  if (parsed.value.tag !== null || parsed.value.digest !== null)
    return bad(
      `"${request.repository}" names a tag or digest; give the repository alone and the tag separately`,
    );
  if (!isValidTag(request.tag))
    return bad(
      `"${request.tag}" is not a valid tag: letters, digits, "_", "." and "-", at most 128, not starting with "." or "-"`,
    );
  if (request.digest !== undefined && !isValidDigest(request.digest))
    return bad(`"${request.digest}" is not a valid digest (sha256:<64 lowercase hex>)`);
  return ok(parsed.value.repository);
}
