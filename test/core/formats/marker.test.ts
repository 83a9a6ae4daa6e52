import { describe, expect, it } from "vitest";
import { bumped, refs } from "./helpers.js";

describe("Flux $imagepolicy markers", () => {
  const text = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
images:
  - name: app
    newName: ghcr.io/acme/app # {"$imagepolicy": "flux-system:app:name"}
    newTag: "1.2.0" # {"$imagepolicy": "flux-system:app:tag"}
# image: ghcr.io/acme/old:1 # {"$imagepolicy": "flux-system:old"}
patches:
  - target: {kind: Deployment}
    patch: "image: x # {not a marker}"
`;

  it("reads the value before each marker comment, per suffix", () => {
    expect(refs("kustomization.yaml", text).filter((r) => r.kind === "marker")).toEqual([
      {
        line: 5,
        kind: "marker",
        image: "ghcr.io/acme/app",
        repository: "ghcr.io/acme/app",
        tag: null,
        digest: null,
        editable: false,
        policy: "flux-system:app:name",
      },
      {
        line: 6,
        kind: "marker",
        image: "1.2.0",
        repository: null,
        tag: "1.2.0",
        digest: null,
        editable: true,
        policy: "flux-system:app:tag",
      },
      {
        line: 7,
        kind: "marker",
        image: null,
        repository: null,
        tag: null,
        digest: null,
        editable: false,
        policy: "flux-system:old",
      },
    ]);
  });

  it("bumps a tag marker through its name sibling, together with the kustomize entry", () => {
    expect(
      bumped("kustomization.yaml", text, { repository: "ghcr.io/acme/app", tag: "1.3.0" }),
    ).toBe(text.replace('"1.2.0"', '"1.3.0"'));
  });

  it("bumps a full-reference marker outside any workload", () => {
    const values = 'tooling:\n  runner: ghcr.io/acme/runner:v1 # {"$imagepolicy": "ci:runner"}\n';
    expect(refs("ci.yaml", values)).toMatchObject([
      { kind: "marker", image: "ghcr.io/acme/runner:v1", tag: "v1" },
    ]);
    expect(bumped("ci.yaml", values, { repository: "ghcr.io/acme/runner", tag: "v2" })).toBe(
      values.replace(":v1", ":v2"),
    );
  });

  it("reads markers of a file that is not YAML, without editing them", () => {
    const broken =
      'spec:\n  image: "{{ .Values.image }}"\n\tbad: x\n  other: ghcr.io/acme/y:1 # {"$imagepolicy": "ns:y"}\n';
    expect(refs("t.yaml", broken)).toMatchObject([
      { line: 4, kind: "marker", image: "ghcr.io/acme/y:1", editable: false },
    ]);
  });
});
