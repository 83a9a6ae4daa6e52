import { child, childIn, items, typeOf } from "./yaml-walk.js";
import type { Cursor } from "./yaml-walk.js";

/**
 * The `source` and `sources[]` of an Argo CD Application (or of an ApplicationSet's template), where
 * `helm.values(Object)`, `helm.parameters` and `kustomize.images` can pin image tags.
 */
export function argoSources(doc: Cursor | undefined): Cursor[] {
  const { apiVersion, kind } = typeOf(doc);
  if (!apiVersion.startsWith("argoproj.io/")) return [];
  const spec =
    kind === "Application"
      ? child(doc, "spec")
      : kind === "ApplicationSet"
        ? childIn(doc, ["spec", "template", "spec"])
        : undefined;
  if (!spec) return [];
  const single = child(spec, "source");
  return [...(single ? [single] : []), ...items(child(spec, "sources"))];
}
