import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import { plainType } from "../yaml/index.js";
import type { Edit, Reference, Slot, TagChange } from "./types.js";

/** The edits that write `change` into a reference's slots (tag always; digest when both exist). */
export function editSlots(
  text: string,
  ref: Pick<Reference, "tagSlot" | "digestSlot">,
  change: TagChange,
): Result<Edit[], string> {
  const edits: Edit[] = [];
  if (ref.tagSlot) {
    const tag = editSlot(text, ref.tagSlot, change.tag);
    if (!tag.ok) return tag;
    edits.push(tag.value);
  }
  if (change.digest !== undefined && ref.digestSlot) {
    const digest = editSlot(text, ref.digestSlot, change.digest);
    if (!digest.ok) return digest;
    edits.push(digest.value);
  }
  return ok(edits);
}

/**
 * Writes `value` into a slot. Plain YAML scalars keep their style unless the new text would make a
 * YAML 1.1 or 1.2 loader read a different type (`v1` -> `1.10` would become a float): then the whole
 * scalar is double-quoted. Nothing else about quoting ever changes.
 */
export function editSlot(text: string, slot: Slot, value: string): Result<Edit, string> {
  let v = slot.format === "hex" ? value.replace(/^sha256:/, "") : value;
  if (slot.affix) {
    const { prefix, suffix } = slot.affix;
    if (!v.startsWith(prefix) || !v.endsWith(suffix) || v.length <= prefix.length + suffix.length)
      return err(
        `tag "${value}" does not have the form ${prefix}…${suffix} that this reference is built from`,
      );
    v = v.slice(prefix.length, v.length - suffix.length);
  }
  const { yaml } = slot;
  if (yaml.type === "new-key") {
    const q = yaml.quote !== "" ? yaml.quote : readsAsString(v) ? "" : '"';
    return ok({
      start: slot.start,
      end: slot.end,
      text: `${slot.before}${q}${v}${q}${slot.after}`,
    });
  }
  const replacement = `${slot.before}${v}${slot.after}`;
  if (yaml.type === "scalar") {
    const old = text.slice(yaml.scalarStart, yaml.scalarEnd);
    const next =
      text.slice(yaml.scalarStart, slot.start) + replacement + text.slice(slot.end, yaml.scalarEnd);
    if (changesType(old, next))
      return ok({ start: yaml.scalarStart, end: yaml.scalarEnd, text: `"${next}"` });
  }
  return ok({ start: slot.start, end: slot.end, text: replacement });
}

const readsAsString = (plain: string): boolean =>
  plainType(plain, "1.2") === "string" && plainType(plain, "1.1") === "string";

/** Whether a plain scalar rewritten from `old` to `next` would be read as another, non-string type. */
export function changesType(old: string, next: string): boolean {
  for (const schema of ["1.2", "1.1"] as const) {
    const after = plainType(next, schema);
    if (after !== "string" && after !== plainType(old, schema)) return true;
  }
  return false;
}
