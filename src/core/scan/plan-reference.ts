import { formatOf } from "../formats/catalog.js";
import type { Edit, Reference } from "../formats/types.js";
import type { BumpPlan, BumpWarning } from "./bump-types.js";
import { compareTags } from "./compare-tags.js";

export interface ReferenceEdit {
  edit: Edit;
  ref: Reference;
  field: "tag" | "digest";
}

/**
 * The edits that bring one reference to the plan's tag (and digest), or none, with a warning in the
 * plan when the user would expect a change that bumpwarden will not make.
 */
export function planReference(ref: Reference, plan: BumpPlan, text: string): ReferenceEdit[] {
  const warn = (
    code: BumpWarning["code"],
    message: string,
    extra: Partial<BumpWarning> = {},
  ): [] => {
    plan.warnings.push({ code, file: ref.file, line: ref.line, message, ...extra });
    return [];
  };
  const where = ref.image ?? ref.repository ?? "";
  if (plan.env !== null) {
    if (!ref.environments.includes(plan.env)) return [];
    if (ref.environments.length > 1)
      return warn(
        "shared-file",
        `${where} is in a file shared by ${ref.environments.join(", ")}; a bump for ${plan.env} alone does not change it`,
        {
          environments: ref.environments,
        },
      );
  }
  if (!ref.tagSlot && !ref.digestSlot) {
    if (ref.kind === "marker" && ref.tag === null && ref.digest === null) return [];
    return warn("not-editable", `${where} is not changed: ${ref.reason ?? "not editable"}`);
  }
  const wantsTag = ref.tagSlot !== undefined && ref.tag !== plan.tag;
  const wantsDigest =
    plan.digest !== null && ref.digestSlot !== undefined && ref.digest !== plan.digest;
  if (!wantsTag && !wantsDigest) return [];
  if (wantsTag && ref.tag !== null) {
    const order = compareTags(ref.tag, plan.tag);
    if (order !== undefined && order > 0)
      return warn("downgrade", `${where} is newer than ${plan.tag}; bumpwarden never downgrades`);
    if (order === 0)
      return warn("same-version", `${where} already is version ${plan.tag}, written differently`);
  }
  if (wantsTag && ref.digest !== null && plan.digest === null)
    return warn(
      "pinned-digest",
      `${where} is pinned by digest; give the new tag's digest (--digest) to bump it`,
    );
  if (wantsTag && ref.digest !== null && !ref.digestSlot)
    return warn("cannot-edit", `${where}: its digest is not written where it can be changed`);

  const change = { tag: plan.tag, ...(plan.digest !== null && { digest: plan.digest }) };
  const target = wantsTag ? ref : { ...(ref.digestSlot && { digestSlot: ref.digestSlot }) };
  const edits = formatOf[ref.kind].edit(text, target, change);
  if (!edits.ok) return warn("cannot-edit", `${where}: ${edits.error}`);
  for (const a of ref.shared ?? [])
    warn(
      "shared-anchor",
      `${where} is written under the anchor &${a.anchor} (line ${a.line}), repeated by aliases at line(s) ${a.aliasLines.join(", ")}: this edit changes every one of them${ref.environments.length > 0 ? `, in ${ref.environments.join(", ")}` : ""}`,
      { environments: ref.environments },
    );
  const fields: Array<"tag" | "digest"> = [];
  if (wantsTag) fields.push("tag");
  if (plan.digest !== null && ref.digestSlot) fields.push("digest");
  return edits.value.map((edit, i) => ({ edit, ref, field: fields[i] ?? "tag" }));
}
