import { describe, expect, it } from "vitest";
import { refs } from "./helpers.js";

const pod = (kind: string, spec: string) => `apiVersion: v1\nkind: ${kind}\n${spec}`;

describe("kubernetes workloads", () => {
  it.each([
    ["Pod", "spec:\n  containers:\n    - name: a\n      image: nginx:1.27\n", 6],
    [
      "Deployment",
      "spec:\n  template:\n    spec:\n      containers:\n        - image: nginx:1.27\n",
      7,
    ],
    ["StatefulSet", "spec:\n  template:\n    spec:\n      containers: [{image: nginx:1.27}]\n", 6],
    ["DaemonSet", "spec:\n  template:\n    spec:\n      containers: [{image: nginx:1.27}]\n", 6],
    ["ReplicaSet", "spec:\n  template:\n    spec:\n      containers: [{image: nginx:1.27}]\n", 6],
    [
      "ReplicationController",
      "spec:\n  template:\n    spec:\n      containers: [{image: nginx:1.27}]\n",
      6,
    ],
    ["Job", "spec:\n  template:\n    spec:\n      containers: [{image: nginx:1.27}]\n", 6],
    ["Rollout", "spec:\n  template:\n    spec:\n      containers: [{image: nginx:1.27}]\n", 6],
    ["PodTemplate", "template:\n  spec:\n    containers: [{image: nginx:1.27}]\n", 5],
    [
      "CronJob",
      "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{image: nginx:1.27}]\n",
      8,
    ],
    [
      "Service" /* Knative: any kind with spec.template.spec */,
      "spec:\n  template:\n    spec:\n      containers: [{image: nginx:1.27}]\n",
      6,
    ],
  ])("reads the pod spec of a %s", (kind, spec, line) => {
    expect(refs("app.yaml", pod(kind, spec))).toEqual([
      {
        line,
        kind: "container",
        image: "nginx:1.27",
        repository: "docker.io/library/nginx",
        tag: "1.27",
        digest: null,
        editable: true,
      },
    ]);
  });

  it("reads init and ephemeral containers, and the items of a List", () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    spec:
      initContainers: [{image: "busybox:1.36"}]
      containers: [{image: 'ghcr.io/acme/api:v2@sha256:${"a".repeat(64)}'}]
      ephemeralContainers: [{image: debug}]
`;
    expect(refs("list.yaml", text).map((r) => [r.line, r.image, r.tag, r.digest])).toEqual([
      [7, "busybox:1.36", "1.36", null],
      [8, `ghcr.io/acme/api:v2@sha256:${"a".repeat(64)}`, "v2", `sha256:${"a".repeat(64)}`],
      [9, "debug", null, null],
    ]);
  });

  it("ignores kinds whose pod templates are examples (Experiment, AnalysisTemplate) and non-workloads", () => {
    const text = `kind: Experiment
spec:
  templates:
    - template: {spec: {containers: [{image: a:1}]}}
---
kind: AnalysisTemplate
spec:
  metrics: [{provider: {job: {spec: {template: {spec: {containers: [{image: b:1}]}}}}}}]
---
kind: ConfigMap
data: {image: c:1}
`;
    expect(refs("x.yaml", text)).toEqual([]);
  });

  it("reports a reference reached through an alias at the anchor, once, and says it is shared", () => {
    const text = `kind: Deployment
spec:
  template:
    spec:
      containers:
        - &app {name: app, image: "ghcr.io/acme/api:1.0.0"}
        - *app
      initContainers: [*app]
`;
    const found = refs("d.yaml", text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 6, tag: "1.0.0" });
  });

  it("reads every document of a stream, templated images are not references", () => {
    const text = `kind: Pod
spec: {containers: [{image: "{{ .Values.image }}"}]}
---
kind: Pod
spec: {containers: [{image: redis:7}]}
`;
    expect(refs("p.yaml", text).map((r) => [r.line, r.image])).toEqual([[5, "redis:7"]]);
  });
});
