import { POD_SPEC_PATHS } from "../formats/kubernetes/pod-spec-paths.js";
import { deref, getIn } from "../yaml/index.js";
import type { YMap, YNode } from "../yaml/index.js";
import type { K8sObject } from "./manifest.js";
import { groupOf } from "./manifest.js";

/** Kinds whose pods run to completion: probes are not expected there. */
export const BATCH_KINDS = new Set(["Job", "CronJob"]);

export type ContainerKind = "containers" | "initContainers" | "ephemeralContainers";

export interface ContainerRef {
  node: YMap;
  kind: ContainerKind;
  index: number;
  name: string;
}

export interface PodSpecRef {
  object: K8sObject;
  node: YMap;
  path: readonly string[];
  containers: ContainerRef[];
}

function isWorkloadGroup(object: K8sObject): boolean {
  const group = groupOf(object.apiVersion);
  if (object.kind === "Rollout") return group === "argoproj.io";
  return ["", "apps", "batch", "extensions"].includes(group);
}

/** The pod spec of a workload object, with its containers, or undefined for other kinds. */
export function podSpecOf(object: K8sObject): PodSpecRef | undefined {
  const path = POD_SPEC_PATHS[object.kind];
  if (!path || !isWorkloadGroup(object)) return undefined;
  const node = getIn(object.root, path);
  if (node?.kind !== "map") return undefined;
  const containers: ContainerRef[] = [];
  for (const kind of ["initContainers", "containers", "ephemeralContainers"] as const) {
    const list = getIn(node, [kind]);
    if (list?.kind !== "seq") continue;
    list.items.forEach((item: YNode, index: number) => {
      const c = deref(item);
      if (c?.kind !== "map") return;
      const nameNode = getIn(c, ["name"]);
      containers.push({
        node: c,
        kind,
        index,
        name: nameNode?.kind === "scalar" ? nameNode.value : `#${index}`,
      });
    });
  }
  return { object, node, path, containers };
}
