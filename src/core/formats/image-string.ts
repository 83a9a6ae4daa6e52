import { parseReference } from "../image-ref.js";
import type { YScalar } from "../yaml/index.js";
import { holdsVariables, isTemplated, parseLenient } from "./lenient-ref.js";
import { scalarSlot, valueOffsets } from "./scalar.js";
import type { Findings, Found, FoundAnchor, ReferenceKind, Slot } from "./types.js";

export interface Place {
  kind: ReferenceKind;
  path?: string;
  document?: number;
  shared?: FoundAnchor[] | undefined;
}

/** Fields every found reference carries about where it is. */
export function placed(place: Place): Pick<Found, "kind" | "path" | "document" | "shared"> {
  return {
    kind: place.kind,
    ...(place.path !== undefined && { path: place.path }),
    ...(place.document !== undefined && { document: place.document }),
    ...(place.shared !== undefined && { shared: place.shared }),
  };
}

/** Reads a scalar holding a whole reference (`image: nginx:1.27`) into `out`. */
export function fromImageScalar(text: string, s: YScalar, place: Place, out: Findings): void {
  const block = s.style === "literal" || s.style === "folded";
  const value = block ? s.value.trim() : s.value;
  if (value === "") return;
  const offset = Math.max(s.start, s.valueStart, 0);
  if (isTemplated(value)) {
    out.templated.push({ kind: place.kind, offset, text: value });
    return;
  }
  const map = valueOffsets(text, s);
  const found = fromImageString(
    value,
    place,
    offset,
    map && ((from, to, before) => scalarSlot(s, map, from, to, { before })),
  );
  if ("message" in found) out.problems.push({ offset, severity: "error", message: found.message });
  else out.references.push(found);
}

/**
 * A reference assembled from separate fields (a Helm split map, a kustomize `images:` entry), without
 * its slots yet (see `setSlots`). A template goes to `out.templated` and an invalid reference to
 * `out.problems`: both return undefined. Variables (`$`) are split leniently.
 */
export function fromAssembled(
  ref: { image: string; tag: string | null; digest: string | null },
  place: Place,
  offset: number,
  out: Findings,
): Found | undefined {
  const { image, tag, digest } = ref;
  if (isTemplated(image)) {
    out.templated.push({ kind: place.kind, offset, text: image });
    return undefined;
  }
  const parsed = parseReference(image);
  if (!parsed.ok && !holdsVariables(image)) {
    out.problems.push({
      offset,
      severity: "error",
      message: `"${image}" is not a valid image reference: ${parsed.error.message}`,
    });
    return undefined;
  }
  const repository = parsed.ok ? parsed.value.repository : parseLenient(image).repository;
  return { ...placed(place), offset, image, repository, tag, digest, editable: false };
}

/**
 * Gives an assembled reference its slots: it is editable when its tag slot holds no variable;
 * otherwise `reason` says why not.
 */
export function setSlots(
  found: Found,
  tagSlot: Slot | undefined,
  digestSlot: Slot | undefined,
  reason: string,
): void {
  if (digestSlot) found.digestSlot = digestSlot;
  if (tagSlot && !tagSlot.current.includes("$")) {
    found.tagSlot = tagSlot;
    found.editable = true;
  } else found.reason = reason;
}

type SlotMaker = (from: number, to: number, before: string) => Slot;

/**
 * Parses a reference string. `slotAt` turns value indexes into slots (undefined when the value is not
 * written literally, which makes the reference read-only). Variables (`$`) are split leniently.
 */
export function fromImageString(
  value: string,
  place: Place,
  offset: number,
  slotAt: SlotMaker | undefined,
): Found | { message: string } {
  const strict = parseReference(value);
  let fields: Pick<Found, "repository" | "tag" | "digest">;
  let tagIndex: number;
  let digestIndex: number;
  let nameEnd: number;
  if (strict.ok) {
    const { name, tag, digest, repository } = strict.value;
    fields = { repository, tag, digest };
    nameEnd = name.length;
    tagIndex = tag === null ? -1 : nameEnd + 1;
    digestIndex = digest === null ? -1 : value.length - digest.length;
  } else if (holdsVariables(value)) {
    const lenient = parseLenient(value);
    fields = { repository: lenient.repository, tag: lenient.tag, digest: lenient.digest };
    nameEnd = lenient.name.length;
    tagIndex = lenient.tagIndex;
    digestIndex = lenient.digestIndex;
  } else {
    return { message: `"${value}" is not a valid image reference: ${strict.error.message}` };
  }
  const found: Found = { ...placed(place), offset, image: value, ...fields, editable: false };
  if (!slotAt) return { ...found, reason: "the value is escaped or folded; edit it by hand" };
  const { tag, digest } = fields;
  if (tag !== null && !tag.includes("$"))
    found.tagSlot = slotAt(tagIndex, tagIndex + tag.length, "");
  else if (tag === null && !value.slice(0, nameEnd).includes("$"))
    found.tagSlot = slotAt(nameEnd, nameEnd, ":");
  if (digest !== null && !digest.includes("$"))
    found.digestSlot = slotAt(digestIndex, digestIndex + digest.length, "");
  if (found.tagSlot) found.editable = true;
  else found.reason = "the tag comes from a variable";
  return found;
}
