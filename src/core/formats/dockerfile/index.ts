import { DockerfileParser } from "dockerfile-ast";
import { parseReference } from "../../image-ref.js";
import { editSlots } from "../edit.js";
import { fromImageString } from "../image-string.js";
import { parseLenient } from "../lenient-ref.js";
import type { Findings, Format, FormatInput, Found, Slot } from "../types.js";
import { noFindings } from "../types.js";
import { argDefaults, substitute } from "./args.js";
import type { ArgValue } from "./args.js";

/**
 * Dockerfile `FROM` lines. `scratch` and earlier stages (`FROM build`) are skipped. A reference built
 * from `ARG` defaults is reported as written (`python:${PY}-slim`) with the tag and repository of its
 * substituted text; its tag is editable where it is written: in the FROM line, or in the ARG default.
 */
export const dockerfile: Format = {
  name: "dockerfile",
  reads: (category) => category === "dockerfile",
  extract(input: FormatInput): Findings {
    const out = noFindings();
    const parsed = DockerfileParser.parse(input.text);
    const at = (p: { line: number; character: number }): number =>
      input.lines.startOf(p.line + 1) + p.character;
    const args = argDefaults(parsed.getInitialARGs(), input.text, at);
    const stages = new Set<string>();
    for (const from of parsed.getFROMs()) {
      const range = from.getImageRange();
      const stage = from.getBuildStage();
      const raw = range ? input.text.slice(at(range.start), at(range.end)) : "";
      const offset = at(from.getInstructionRange().start);
      if (range && raw.toLowerCase() !== "scratch" && !stages.has(raw.toLowerCase())) {
        const found = reference(raw, at(range.start), offset, args);
        if ("message" in found)
          out.problems.push({ offset, severity: "error", message: found.message });
        else out.references.push(found);
      }
      if (stage) stages.add(stage.toLowerCase());
    }
    return out;
  },
  edit: editSlots,
};

const place = { kind: "dockerfile" as const };

function literalSlot(start: number, current: string, before = ""): Slot {
  return { start, end: start + current.length, current, before, after: "", yaml: { type: "none" } };
}

function reference(
  raw: string,
  start: number,
  offset: number,
  args: Map<string, ArgValue>,
): Found | { message: string } {
  const slotAt = (from: number, to: number, before: string): Slot =>
    literalSlot(start + from, raw.slice(from, to), before);
  if (!raw.includes("$")) return fromImageString(raw, place, offset, slotAt);

  const effective = substitute(raw, args);
  const lenient = parseLenient(raw);
  if (effective === undefined) {
    const found = fromImageString(raw, place, offset, undefined);
    return "message" in found
      ? found
      : {
          ...found,
          editable: false,
          reason: "the image comes from build arguments without defaults",
        };
  }
  const parsed = parseReference(effective);
  if (!parsed.ok)
    return {
      message: `"${raw}" (${effective}) is not a valid image reference: ${parsed.error.message}`,
    };
  const { repository, tag, digest } = parsed.value;
  const found: Found = { ...place, offset, image: raw, repository, tag, digest, editable: false };

  const whole = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(raw);
  const wholeArg = whole ? args.get(whole[1] ?? "") : undefined;
  if (wholeArg) {
    const inArg = fromImageString(wholeArg.value, place, offset, (from, to, before) =>
      literalSlot(wholeArg.start + from, wholeArg.value.slice(from, to), before),
    );
    if ("message" in inArg) return inArg;
    return { ...inArg, image: raw };
  }
  if (lenient.tag !== null && !lenient.tag.includes("$"))
    found.tagSlot = slotAt(lenient.tagIndex, lenient.tagIndex + lenient.tag.length, "");
  const tagVar =
    lenient.tag !== null
      ? /^([^$]*)\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))([^$\w][^$]*|)$/.exec(lenient.tag)
      : null;
  const tagArg = tagVar ? args.get(tagVar[2] ?? tagVar[3] ?? "") : undefined;
  if (tagVar && tagArg) {
    const affix = { prefix: tagVar[1] ?? "", suffix: tagVar[4] ?? "" };
    found.tagSlot = {
      ...literalSlot(tagArg.start, tagArg.value),
      ...(affix.prefix + affix.suffix !== "" && { affix }),
    };
  }
  if (lenient.digest !== null && !lenient.digest.includes("$"))
    found.digestSlot = slotAt(lenient.digestIndex, lenient.digestIndex + lenient.digest.length, "");
  if (found.tagSlot) found.editable = true;
  else found.reason = "the tag is assembled from several build arguments, or one without a default";
  return found;
}
