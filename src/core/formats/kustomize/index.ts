import type { YDoc } from "../../yaml/index.js";
import { argoSources } from "../argo-sources.js";
import { editSlots } from "../edit.js";
import { fromAssembled, fromImageString, setSlots } from "../image-string.js";
import { isTemplated } from "../lenient-ref.js";
import { scalarSlot, valueOffsets, wholeScalarSlot } from "../scalar.js";
import type { Findings, Format, FormatInput, Slot } from "../types.js";
import { noFindings } from "../types.js";
import {
  child,
  childIn,
  items,
  placeOf,
  root,
  scalarOf,
  stringOf,
  textOf,
  typeOf,
} from "../yaml-walk.js";
import type { Cursor } from "../yaml-walk.js";
import { newTagSlot } from "./insert.js";

/**
 * Kustomize `images:` (kustomization files, any document with apiVersion kustomize.config.k8s.io/*),
 * Flux Kustomization `spec.images`, and Argo CD `source.kustomize.images` strings.
 */
export const kustomize: Format = {
  name: "kustomize",
  reads: (category) => category === "kustomization" || category === "manifest",
  extract(input: FormatInput): Findings {
    const out = noFindings();
    for (const doc of input.yaml?.docs ?? []) {
      const c = root(doc.root);
      const { apiVersion } = typeOf(c);
      let list: Cursor | undefined;
      if (input.category === "kustomization" || apiVersion.startsWith("kustomize.config.k8s.io/"))
        list = child(c, "images");
      else if (apiVersion.startsWith("kustomize.toolkit.fluxcd.io/"))
        list = childIn(c, ["spec", "images"]);
      for (const item of items(list)) if (item.node.kind === "map") entry(item, doc, input, out);
      for (const source of argoSources(c))
        for (const item of items(childIn(source, ["kustomize", "images"])))
          argoImage(item, doc, input, out);
    }
    return out;
  },
  edit: editSlots,
};

function entry(c: Cursor, doc: YDoc, input: FormatInput, out: Findings): void {
  const [name, newName, newTag, digest] = ["name", "newName", "newTag", "digest"].map((k) =>
    child(c, k),
  );
  const base = stringOf(newName) || stringOf(name);
  if (!base) return;
  const tag = textOf(newTag) ?? null;
  const dig = textOf(digest) ?? null;
  const image = `${base}${tag !== null ? `:${tag}` : ""}${dig !== null ? `@${dig}` : ""}`;
  const at =
    [newTag, digest, newName, name].find((x) => scalarOf(x) && textOf(x) !== undefined) ?? name;
  const offset = Math.max(scalarOf(at)?.start ?? 0, 0);
  const where = placeOf("kustomize", c, doc, input.text);
  const found = fromAssembled({ image, tag, digest: dig }, where, offset, out);
  if (!found) return;
  const tagSlot =
    tag !== null
      ? wholeScalarSlot(input.text, scalarOf(newTag))
      : newTag
        ? undefined
        : insertSlot(input, c);
  const digestSlot = dig !== null ? wholeScalarSlot(input.text, scalarOf(digest)) : undefined;
  setSlots(
    found,
    tagSlot,
    digestSlot,
    newTag && tag === null ? "newTag is empty" : "the tag is not written literally",
  );
  out.references.push(found);
}

const insertSlot = (input: FormatInput, c: Cursor): Slot | undefined =>
  c.node.kind === "map" ? newTagSlot(input.text, input.lines, c.node) : undefined;

/** Argo CD `kustomize.images`: `[name=]newName[:tag][@digest]`. */
function argoImage(c: Cursor, doc: YDoc, input: FormatInput, out: Findings): void {
  const s = scalarOf(c);
  const value = stringOf(c);
  if (!s || !value) return;
  const offset = Math.max(s.start, 0);
  if (isTemplated(value)) {
    out.templated.push({ kind: "kustomize", offset, text: value });
    return;
  }
  const skip = value.indexOf("=") + 1;
  const map = valueOffsets(input.text, s);
  const where = placeOf("kustomize", c, doc, input.text);
  const slotAt =
    map &&
    ((from: number, to: number, before: string) =>
      scalarSlot(s, map, skip + from, skip + to, { before }));
  const found = fromImageString(value.slice(skip), where, offset, slotAt);
  if ("message" in found) out.problems.push({ offset, severity: "error", message: found.message });
  else out.references.push(found);
}
