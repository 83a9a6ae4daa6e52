import { argoSources } from "../argo-sources.js";
import { editSlots } from "../edit.js";
import type { Findings, Format, FormatInput } from "../types.js";
import { noFindings } from "../types.js";
import { childIn, root, typeOf } from "../yaml-walk.js";
import { argoHelm } from "./argo.js";
import { walkValues } from "./walk.js";

/**
 * Helm values: whole `values*.yaml` files, Flux HelmRelease `spec.values`, and Argo CD Application
 * (or ApplicationSet template) `source(s).helm` values, values strings and parameters.
 */
export const helmValues: Format = {
  name: "helm-values",
  reads: (category) => category === "values" || category === "manifest",
  extract(input: FormatInput): Findings {
    const out = noFindings();
    for (const doc of input.yaml?.docs ?? []) {
      const c = root(doc.root);
      if (input.category === "values") {
        walkValues(input, doc, c, out);
        continue;
      }
      if (typeOf(c).kind === "HelmRelease")
        walkValues(input, doc, childIn(c, ["spec", "values"]), out);
      for (const source of argoSources(c)) argoHelm(input, doc, source, out);
    }
    return out;
  },
  edit: editSlots,
};
