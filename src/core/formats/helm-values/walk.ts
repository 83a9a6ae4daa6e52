import type { YDoc } from "../../yaml/index.js";
import { fromImageScalar } from "../image-string.js";
import type { Findings, FormatInput } from "../types.js";
import { childIn, items, pairs, placeOf, scalarOf, stringOf } from "../yaml-walk.js";
import type { Cursor } from "../yaml-walk.js";
import { fromSplitMap } from "./split-map.js";

export interface ValuesContext {
  input: FormatInput;
  doc: YDoc;
  out: Findings;
  /** Bitnami's `global.imageRegistry`, which replaces the `registry` of every image map. */
  globalRegistry: string | undefined;
}

/**
 * Every image in a Helm values tree, at any depth: `image: "repo:tag"` strings, and maps with a
 * `repository` that sit under a key ending in "image" or carry `tag`, `digest` or `registry`.
 * Each node is visited once per context, so aliases (even an alias bomb) cost nothing extra.
 */
export function walkValues(
  input: FormatInput,
  doc: YDoc,
  values: Cursor | undefined,
  out: Findings,
): void {
  if (!values) return;
  const global = stringOf(childIn(values, ["global", "imageRegistry"]));
  const ctx: ValuesContext = {
    input,
    doc,
    out,
    globalRegistry: global === "" ? undefined : global,
  };
  const seen = new Set<object>();
  const seenUnderImage = new Set<object>();
  const stack: Array<{ c: Cursor; key: string | null }> = [{ c: values, key: null }];
  while (stack.length > 0) {
    const { c, key } = stack.pop() as { c: Cursor; key: string | null };
    const underImage = key !== null && /image$/i.test(key);
    const visited = underImage ? seenUnderImage : seen;
    if (visited.has(c.node)) continue;
    visited.add(c.node);
    if (c.node.kind === "seq") {
      for (const item of items(c).reverse()) stack.push({ c: item, key: null });
      continue;
    }
    if (c.node.kind !== "map") continue;
    fromSplitMap(ctx, c, underImage);
    const children = pairs(c);
    for (let i = children.length - 1; i >= 0; i--) {
      const { key: k, cursor } = children[i] as (typeof children)[number];
      if (k === "image" && cursor.node.kind === "scalar") {
        const s = scalarOf(cursor);
        if (s && stringOf(cursor) !== undefined) {
          const place = placeOf("helm-values", cursor, doc, input.text);
          fromImageScalar(input.text, s, place, out);
        }
      } else if (cursor.node.kind !== "scalar") stack.push({ c: cursor, key: k });
    }
  }
}
