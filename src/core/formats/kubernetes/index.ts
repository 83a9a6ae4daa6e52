import { editSlots } from "../edit.js";
import { fromImageScalar } from "../image-string.js";
import type { Findings, Format, FormatInput } from "../types.js";
import { noFindings } from "../types.js";
import { child, childIn, items, placeOf, root, scalarOf, stringOf, typeOf } from "../yaml-walk.js";
import type { Cursor } from "../yaml-walk.js";
import type { YDoc } from "../../yaml/index.js";
import { POD_SPEC_PATHS } from "./pod-spec-paths.js";

const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"] as const;
const MAX_LIST_DEPTH = 8;

/**
 * Kubernetes workloads: the `image` of every container, init container and ephemeral container of a
 * pod spec, for the workload kinds of POD_SPEC_PATHS, any other kind with a pod template at
 * `spec.template.spec` (Knative Service, …), and the items of a `kind: List`.
 */
export const kubernetes: Format = {
  name: "kubernetes",
  reads: (category) => category === "manifest",
  extract(input: FormatInput): Findings {
    const out = noFindings();
    for (const doc of input.yaml?.docs ?? []) visit(root(doc.root), doc, input, out, 0);
    return out;
  },
  edit: editSlots,
};

function visit(
  c: Cursor | undefined,
  doc: YDoc,
  input: FormatInput,
  out: Findings,
  depth: number,
): void {
  if (c?.node.kind !== "map") return;
  const { kind } = typeOf(c);
  if (kind === "List" && depth < MAX_LIST_DEPTH) {
    for (const item of items(child(c, "items"))) visit(item, doc, input, out, depth + 1);
    return;
  }
  const known = POD_SPEC_PATHS[kind];
  const podSpec = known ? childIn(c, known) : genericPodSpec(c, kind);
  if (podSpec?.node.kind !== "map") return;
  for (const list of CONTAINER_LISTS) {
    for (const container of items(child(podSpec, list))) {
      const image = child(container, "image");
      const scalar = scalarOf(image);
      if (!image || !scalar || stringOf(image) === undefined) continue;
      const place = placeOf("container", image, doc, input.text);
      fromImageScalar(input.text, scalar, place, out);
    }
  }
}

/** Kinds that hold pod templates somewhere else, or only as examples: never read as workloads. */
const NOT_WORKLOADS = new Set([
  "Experiment",
  "AnalysisTemplate",
  "ClusterAnalysisTemplate",
  "AnalysisRun",
]);

function genericPodSpec(c: Cursor, kind: string): Cursor | undefined {
  if (kind === "" || NOT_WORKLOADS.has(kind)) return undefined;
  const spec = childIn(c, ["spec", "template", "spec"]);
  return child(spec, "containers")?.node.kind === "seq" ? spec : undefined;
}
