import { get, scalarType } from "../../yaml/index.js";
import type { YNode, YScalar } from "../../yaml/index.js";
import type { Draft } from "../finding.js";
import { identityOf } from "../finding.js";
import type { K8sObject } from "../manifest.js";
import { positionOf } from "../manifest.js";
import { quantityOf } from "../quantity.js";
import { BATCH_KINDS } from "../workloads.js";
import type { ContainerRef, PodSpecRef } from "../workloads.js";
import type { RuleContext } from "./context.js";
import { replaceRange } from "./fix.js";
import { checkImage } from "./images.js";
import type { ImageUse } from "./images.js";

const scalar = (n: YNode | undefined): YScalar | undefined =>
  n?.kind === "scalar" ? n : undefined;
const isTrue = (n: YNode | undefined): boolean => {
  const s = scalar(n);
  return s !== undefined && scalarType(s) === "bool" && s.value.toLowerCase() === "true";
};
const isFalse = (n: YNode | undefined): boolean => {
  const s = scalar(n);
  return s !== undefined && scalarType(s) === "bool" && s.value.toLowerCase() === "false";
};

/** Every rule that looks at a pod spec and its containers. */
export function checkPodSpec(pod: PodSpecRef, ctx: RuleContext): Draft[] {
  const { object } = pod;
  const out: Draft[] = [];
  const resource = identityOf(object);
  const at = (node: YNode) => ({ file: object.file, ...positionOf(node, object.lines), resource });
  const flip = (node: YNode | undefined, to: string) => {
    const s = scalar(node);
    return s ? { fix: replaceRange(object.text, object.lines, s.valueStart, s.valueEnd, to) } : {};
  };

  for (const c of pod.containers) {
    const image = scalar(get(c.node, "image"));
    if (image)
      out.push(
        ...checkImage(
          imageUse(object, image, get(c.node, "imagePullPolicy"), resource, `${c.kind}/${c.name}`),
          ctx,
        ),
      );
  }

  const hostNetwork = get(pod.node, "hostNetwork");
  if (hostNetwork && isTrue(hostNetwork))
    out.push({
      ...at(hostNetwork),
      rule: "host-network",
      severity: "error",
      message: "hostNetwork: true puts the pod on the node's network and bypasses network policies",
      ...flip(hostNetwork, "false"),
    });

  const volumes = get(pod.node, "volumes");
  if (volumes?.kind === "seq")
    for (const v of volumes.items) {
      const hostPath = get(v, "hostPath");
      if (!hostPath) continue;
      const path = scalar(get(hostPath, "path"))?.value ?? "";
      const name = scalar(get(v, "name"))?.value ?? "";
      out.push({
        ...at(get(v, "name") ?? hostPath),
        rule: "host-path",
        severity: "warning",
        message: `volume "${name}" mounts the node's ${path || "filesystem"} (hostPath); use a PersistentVolumeClaim, ConfigMap or emptyDir`,
      });
    }

  const podSecurity = get(pod.node, "securityContext");
  for (const c of pod.containers) {
    if (c.kind === "ephemeralContainers") continue;
    const scope = `${c.kind}/${c.name}`;
    out.push(
      ...containerRules(c, object.kind, podSecurity, at, flip).map((d) => ({ ...d, scope })),
    );
  }
  return out;
}

type Place = Omit<Draft, "rule" | "severity" | "message">;
type At = (n: YNode) => Place;
type Flip = (n: YNode | undefined, to: string) => Pick<Draft, "fix">;

function containerRules(
  c: ContainerRef,
  kind: string,
  podSecurity: YNode | undefined,
  at: At,
  flip: Flip,
): Draft[] {
  const out: Draft[] = [];
  const sc = get(c.node, "securityContext");
  const where = at(get(c.node, "name") ?? c.node);
  const label = `container "${c.name}"`;

  const privileged = get(sc, "privileged");
  if (privileged && isTrue(privileged))
    out.push({
      ...at(privileged),
      rule: "privileged",
      severity: "error",
      message: `${label} is privileged: it has full access to the node`,
      ...flip(privileged, "false"),
    });

  out.push(...runAsNonRoot(sc, podSecurity, label, where, at, flip));

  const ro = get(sc, "readOnlyRootFilesystem");
  if (!isTrue(ro))
    out.push({
      ...(ro ? at(ro) : where),
      rule: "read-only-root-fs",
      severity: "warning",
      message: `${label} can write to its root filesystem; set securityContext.readOnlyRootFilesystem: true and mount writable paths as volumes`,
      ...(isFalse(ro) ? flip(ro, "true") : {}),
    });

  out.push(...resources(c, label, where, at));
  if (c.kind === "initContainers") return out;
  if (!BATCH_KINDS.has(kind)) {
    const missing = ["livenessProbe", "readinessProbe"].filter((p) => !get(c.node, p));
    if (missing.length)
      out.push({
        ...where,
        rule: "probes",
        severity: "warning",
        message: `${label} has no ${missing.join(" or ")}; Kubernetes cannot tell when it is stuck or not ready`,
      });
  }
  return out;
}

function runAsNonRoot(
  sc: YNode | undefined,
  podSc: YNode | undefined,
  label: string,
  where: Place,
  at: At,
  flip: Flip,
): Draft[] {
  const user = get(sc, "runAsUser") ?? get(podSc, "runAsUser");
  const nonRoot = get(sc, "runAsNonRoot") ?? get(podSc, "runAsNonRoot");
  const uid = scalar(user);
  if (uid && scalarType(uid) === "int" && BigInt(uid.value) === 0n)
    return [
      {
        ...at(uid),
        rule: "run-as-non-root",
        severity: "error",
        message: `${label} runs as root (runAsUser: 0); use a non-zero UID`,
      },
    ];
  if (isTrue(nonRoot) || (uid && scalarType(uid) === "int")) return [];
  return [
    {
      ...(nonRoot ? at(nonRoot) : where),
      rule: "run-as-non-root",
      severity: "warning",
      message: `${label} may run as root; set securityContext.runAsNonRoot: true (and a non-zero runAsUser)`,
      ...(isFalse(nonRoot) ? flip(nonRoot, "true") : {}),
    },
  ];
}

function resources(c: ContainerRef, label: string, where: Place, at: At): Draft[] {
  const res = get(c.node, "resources");
  const requests = get(res, "requests");
  const limits = get(res, "limits");
  const missing: string[] = [];
  for (const [group, node] of [
    ["requests", requests],
    ["limits", limits],
  ] as const)
    for (const r of ["cpu", "memory"]) if (!get(node, r)) missing.push(`${group}.${r}`);
  const out: Draft[] = [];
  if (missing.length)
    out.push({
      ...where,
      rule: "resources",
      severity: "warning",
      message: `${label} sets no resources.${missing.join(", ")}; the scheduler and the node cannot plan for it`,
    });
  for (const r of ["cpu", "memory", "ephemeral-storage"]) {
    const req = scalar(get(requests, r));
    const lim = scalar(get(limits, r));
    if (!req || !lim) continue;
    const rq = quantityOf(req.value);
    const lq = quantityOf(lim.value);
    if (rq && lq && lq.compareTo(rq) < 0)
      out.push({
        ...at(lim),
        rule: "resources-limit-below-request",
        severity: "error",
        message: `${label}: ${r} limit ${lim.value} is below its request ${req.value}; Kubernetes rejects this`,
      });
  }
  return out;
}

function imageUse(
  object: K8sObject,
  image: YScalar,
  policy: YNode | undefined,
  resource: Draft["resource"],
  scope: string,
): ImageUse {
  const p = scalar(policy);
  return {
    file: object.file,
    image: image.value,
    start: image.valueStart,
    end: image.valueEnd,
    text: object.text,
    lines: object.lines,
    source: "container",
    ...(p && { pullPolicy: { value: p.value, start: p.valueStart, end: p.valueEnd } }),
    ...(resource && { resource }),
    scope,
  };
}
