import { fromAssembled, setSlots } from "../image-string.js";
import { wholeScalarSlot } from "../scalar.js";
import type { Findings, FormatInput } from "../types.js";
import { noFindings } from "../types.js";
import { child, childIn, pairs, placeOf, root, scalarOf, stringOf, textOf } from "../yaml-walk.js";
import type { Cursor } from "../yaml-walk.js";
import { assemble, digestIn } from "./split-map.js";

/**
 * The references of an override values file that sets only tags: every map in it with a `tag` and
 * no repository of its own, whose base values file has a map with a repository at the same keys
 * (`image.tag` here, `image.repository` there). Helm merges the two maps, so the reference is the
 * merged one: registry, `global.imageRegistry` and digest from the override when it sets them,
 * else from the base; the tag (and a digest written here) is edited here. Lists are not merged by
 * Helm (the override's list replaces the base's), so nothing under a list is resolved; neither is
 * a base that holds the image as one string (`image: "repo:tag"`), which a map cannot override.
 * Only the first document of each file counts, as Helm reads them.
 */
export function resolveOverrides(
  override: FormatInput,
  base: FormatInput,
  basePath: string,
): Findings {
  const out = noFindings();
  const doc = override.yaml?.docs[0];
  const baseRoot = root(base.yaml?.docs[0]?.root ?? null);
  const top = root(doc?.root ?? null);
  if (!doc || !top || !baseRoot) return out;
  // Helm merges `global` too: the override's `imageRegistry`, when it has the key, wins.
  const globalRegistry = childIn(top, ["global", "imageRegistry"])
    ? globalOf(top)
    : globalOf(baseRoot);
  const seen = new Set<object>();
  const stack: Array<{ c: Cursor; keys: string[] }> = [{ c: top, keys: [] }];
  while (stack.length > 0) {
    const { c, keys } = stack.pop() as { c: Cursor; keys: string[] };
    if (c.node.kind !== "map" || seen.has(c.node)) continue;
    seen.add(c.node);
    const inBase = keys.length > 0 ? childIn(baseRoot, keys) : undefined;
    if (inBase) resolveMap(c, inBase, keys[keys.length - 1] ?? "", basePath, globalRegistry);
    const children = pairs(c);
    for (let i = children.length - 1; i >= 0; i--) {
      const { key, cursor } = children[i] as (typeof children)[number];
      if (cursor.node.kind === "map") stack.push({ c: cursor, keys: [...keys, key] });
    }
  }
  return out;

  function resolveMap(
    mine: Cursor,
    theirs: Cursor,
    key: string,
    from: string,
    global: string | undefined,
  ): void {
    const tagCursor = child(mine, "tag");
    const tag = textOf(tagCursor);
    const tagScalar = scalarOf(tagCursor);
    if (!tagCursor || tag === undefined || !tagScalar || tagScalar.start < 0) return;
    const underImage = /image$/i.test(key);
    // A map naming its own repository is a reference of this file already.
    if (child(mine, "repository") || (underImage && child(mine, "name"))) return;
    let repository = stringOf(child(theirs, "repository"));
    if (!repository && underImage && !child(theirs, "repository"))
      repository = stringOf(child(theirs, "name"));
    if (!repository) return;
    const registryCursor = child(mine, "registry") ?? child(theirs, "registry");
    const registry = registryCursor ? (global ?? textOf(registryCursor)) : undefined;
    const own = digestIn(mine);
    const digest = own.cursor ? own.digest : digestIn(theirs).digest;
    const image = assemble(registry, repository, tag, digest);
    const place = placeOf("helm-values", tagCursor, doc as NonNullable<typeof doc>, override.text);
    const found = fromAssembled({ image, tag, digest }, place, tagScalar.start, out);
    if (!found) return;
    found.base = from;
    const digestSlot =
      own.cursor && own.digest !== null
        ? wholeScalarSlot(override.text, scalarOf(own.cursor), own.shaOnly ? "hex" : undefined)
        : undefined;
    setSlots(
      found,
      wholeScalarSlot(override.text, tagScalar),
      digestSlot,
      "the tag is escaped, folded or a variable",
    );
    out.references.push(found);
  }
}

/** `global.imageRegistry` when the file sets it (empty means unset). */
function globalOf(top: Cursor): string | undefined {
  const value = stringOf(childIn(top, ["global", "imageRegistry"]));
  return value === "" ? undefined : value;
}
