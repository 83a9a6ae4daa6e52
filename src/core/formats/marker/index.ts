import { normalizeRepository, parseReference } from "../../image-ref.js";
import type { YScalar } from "../../yaml/index.js";
import { editSlots } from "../edit.js";
import { fromImageString } from "../image-string.js";
import { scalarSlot, valueOffsets } from "../scalar.js";
import type { Findings, Format, FormatInput, Found } from "../types.js";
import { noFindings } from "../types.js";
import { commentStart, scalarsByLine, valueText } from "./lines.js";

const MARKER = /\{\s*"\$imagepolicy"\s*:\s*"([^"]*)"\s*\}/;
const FIELDS = new Set(["tag", "name", "digest"]);

/**
 * Flux image-automation setter markers: `# {"$imagepolicy": "<ns>:<policy>[:tag|:name|:digest]"}` on
 * any YAML line. The value before the comment is the full reference, or just its tag, name or digest.
 * A `:tag` or `:digest` marker borrows its repository from the `:name` marker of the same policy.
 */
export const marker: Format = {
  name: "marker",
  reads: (category) => category !== "dockerfile",
  extract(input: FormatInput): Findings {
    const out = noFindings();
    if (!input.text.includes("$imagepolicy")) return out;
    const byLine = input.yaml ? scalarsByLine(input.yaml, input.lines) : undefined;
    const done = new Set<number>();
    for (
      let i = input.text.indexOf("$imagepolicy");
      i !== -1;
      i = input.text.indexOf("$imagepolicy", i + 1)
    ) {
      const line = input.lines.lineOf(i);
      if (done.has(line)) continue;
      done.add(line);
      const lineStart = input.lines.startOf(line);
      const nl = input.text.indexOf("\n", lineStart);
      const lineText = input.text
        .slice(lineStart, nl === -1 ? input.text.length : nl)
        .replace(/\r$/, "");
      const here = byLine?.get(line);
      const ranges = (here?.all ?? []).map(
        (s) => [s.start - lineStart, s.end - lineStart] as const,
      );
      const hash = commentStart(lineText, ranges);
      const policy = hash === -1 ? undefined : MARKER.exec(lineText.slice(hash))?.[1];
      if (policy === undefined) continue;
      const scalar = (here?.values ?? [])
        .filter((s) => s.end - lineStart <= hash)
        .sort((a, b) => a.start - b.start)
        .pop();
      const offset = scalar ? scalar.start : lineStart + hash;
      const value = scalar ? scalar.value : input.yaml ? null : valueText(lineText.slice(0, hash));
      out.references.push(fromMarker(input, policy, value, scalar, offset));
    }
    link(out.references);
    return out;
  },
  edit: editSlots,
};

function fromMarker(
  input: FormatInput,
  policy: string,
  value: string | null,
  s: YScalar | undefined,
  offset: number,
): Found {
  const parts = policy.split(":");
  const field =
    parts.length >= 3 && FIELDS.has(parts[parts.length - 1] ?? "")
      ? parts[parts.length - 1]
      : undefined;
  const base: Found = {
    kind: "marker",
    offset,
    policy,
    image: value,
    repository: null,
    tag: null,
    digest: null,
    editable: false,
  };
  const map = s && valueOffsets(input.text, s);
  const whole = s && map ? scalarSlot(s, map, 0, s.value.length) : undefined;
  if (value === null) return { ...base, reason: "no value before the marker" };
  if (field === "name")
    return {
      ...base,
      repository: normalizeRepository(value),
      reason: "the marker names the repository",
    };
  if (field === "tag")
    return whole
      ? { ...base, tag: value, tagSlot: whole, editable: true }
      : { ...base, tag: value, reason: "not editable" };
  if (field === "digest")
    return whole
      ? { ...base, digest: value, digestSlot: whole, editable: true }
      : { ...base, digest: value };
  const slotAt =
    s && map
      ? (from: number, to: number, before: string) => scalarSlot(s, map, from, to, { before })
      : undefined;
  const found = fromImageString(value, { kind: "marker" }, offset, slotAt);
  if ("message" in found) {
    const parsed = parseReference(value);
    return { ...base, reason: parsed.ok ? "not editable" : found.message };
  }
  return { ...found, policy };
}

/** `ns:policy:tag` and `ns:policy:digest` markers take the repository of `ns:policy:name`. */
function link(found: Found[]): void {
  const names = new Map<string, string>();
  for (const f of found)
    if (f.policy?.endsWith(":name") && f.repository)
      names.set(f.policy.slice(0, -":name".length), f.repository);
  for (const f of found) {
    const m = f.policy ? /^(.*):(?:tag|digest)$/.exec(f.policy) : null;
    const repository = m ? names.get(m[1] ?? "") : undefined;
    if (repository && f.repository === null) f.linkedRepository = repository;
  }
}
