import { compose } from "./compose/index.js";
import { dockerfile } from "./dockerfile/index.js";
import { helmValues } from "./helm-values/index.js";
import { kubernetes } from "./kubernetes/index.js";
import { kustomize } from "./kustomize/index.js";
import { marker } from "./marker/index.js";
import type { Format, ReferenceKind } from "./types.js";

/** Every format the scanner knows, in the order their findings are reported. */
export const formats: readonly Format[] = [
  kubernetes,
  kustomize,
  helmValues,
  compose,
  dockerfile,
  marker,
];

/** The format that reads (and edits) references of a kind. */
export const formatOf: Record<ReferenceKind, Format> = {
  container: kubernetes,
  kustomize,
  "helm-values": helmValues,
  compose,
  dockerfile,
  marker,
};
