import { editSlots } from "../edit.js";
import { fromImageScalar } from "../image-string.js";
import type { Findings, Format, FormatInput } from "../types.js";
import { noFindings } from "../types.js";
import { child, pairs, placeOf, root, scalarOf, stringOf } from "../yaml-walk.js";

/** docker compose: `services.<name>.image` (merge keys and `x-` anchors applied). */
export const compose: Format = {
  name: "compose",
  reads: (category) => category === "compose",
  extract(input: FormatInput): Findings {
    const out = noFindings();
    for (const doc of input.yaml?.docs ?? []) {
      for (const { cursor: service } of pairs(child(root(doc.root), "services"))) {
        const image = child(service, "image");
        const s = scalarOf(image);
        if (!image || !s || stringOf(image) === undefined) continue;
        const place = placeOf("compose", image, doc, input.text);
        fromImageScalar(input.text, s, place, out);
      }
    }
    return out;
  },
  edit: editSlots,
};
