import { describe, expect, it } from "vitest";
import { bumped, plan, refs } from "./helpers.js";

describe("kustomize images", () => {
  it("reads name/newName/newTag/digest and reports the newTag line", () => {
    const text = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
images:
  - name: nginx
    newTag: 1.27.3
  - name: app
    newName: ghcr.io/acme/api
  - name: redis
    digest: sha256:${"c".repeat(64)}
  - name: pinned
    newName: ghcr.io/acme/pinned
    newTag: "2024"
    newDigest: sha256:ignored
`;
    expect(refs("kustomization.yaml", text)).toEqual([
      {
        line: 5,
        kind: "kustomize",
        image: "nginx:1.27.3",
        repository: "docker.io/library/nginx",
        tag: "1.27.3",
        digest: null,
        editable: true,
      },
      {
        line: 7,
        kind: "kustomize",
        image: "ghcr.io/acme/api",
        repository: "ghcr.io/acme/api",
        tag: null,
        digest: null,
        editable: true,
      },
      {
        line: 9,
        kind: "kustomize",
        image: `redis@sha256:${"c".repeat(64)}`,
        repository: "docker.io/library/redis",
        tag: null,
        digest: `sha256:${"c".repeat(64)}`,
        editable: true,
      },
      {
        line: 12,
        kind: "kustomize",
        image: "ghcr.io/acme/pinned:2024",
        repository: "ghcr.io/acme/pinned",
        tag: "2024",
        digest: null,
        editable: true,
      },
    ]);
  });

  it("reads Kustomization files, apiVersion-marked documents elsewhere, and Flux Kustomization spec.images", () => {
    expect(refs("overlays/dev/Kustomization", "images:\n- name: a\n  newTag: v1\n")).toHaveLength(
      1,
    );
    expect(
      refs(
        "k.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nimages: [{name: a, newTag: v1}]\n",
      ),
    ).toHaveLength(1);
    expect(refs("k.yaml", "images: [{name: a, newTag: v1}]\n")).toHaveLength(0);
    const flux =
      "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nspec:\n  images:\n    - name: a\n      newTag: v2\n";
    expect(refs("clusters/prod/apps.yaml", flux)).toEqual([
      {
        line: 6,
        kind: "kustomize",
        image: "a:v2",
        repository: "docker.io/library/a",
        tag: "v2",
        digest: null,
        editable: true,
      },
    ]);
  });

  it("reads Argo CD kustomize.images strings, with and without an original name", () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: Application
spec:
  source:
    kustomize:
      images: ["gcr.io/heptio-images/ks-guestbook-demo:0.2", "app=ghcr.io/acme/app:1.0"]
`;
    expect(refs("app.yaml", text).map((r) => [r.image, r.tag])).toEqual([
      ["gcr.io/heptio-images/ks-guestbook-demo:0.2", "0.2"],
      ["ghcr.io/acme/app:1.0", "1.0"],
    ]);
    expect(bumped("app.yaml", text, { repository: "ghcr.io/acme/app", tag: "1.1" })).toBe(
      text.replace("app:1.0", "app:1.1"),
    );
  });

  it("replaces newTag in place, keeping quotes and comments", () => {
    const text = "images:\n  - name: nginx # the proxy\n    newTag: '1.25.0' # pinned\n";
    expect(bumped("kustomization.yaml", text, { repository: "nginx", tag: "1.27.3" })).toBe(
      "images:\n  - name: nginx # the proxy\n    newTag: '1.27.3' # pinned\n",
    );
  });
});

describe("kustomize newTag insertion (the one edit that inserts bytes)", () => {
  const cases: Array<[string, string, string]> = [
    [
      "block",
      "images:\n  - name: nginx\n    newName: ghcr.io/acme/nginx\nresources: [a.yaml]\n",
      "images:\n  - name: nginx\n    newName: ghcr.io/acme/nginx\n    newTag: 9.9.9\nresources: [a.yaml]\n",
    ],
    [
      "single key entry",
      "images:\n- name: ghcr.io/acme/nginx\n",
      "images:\n- name: ghcr.io/acme/nginx\n  newTag: 9.9.9\n",
    ],
    [
      "trailing comment",
      "images:\n  - name: nginx\n    newName: ghcr.io/acme/nginx # mirror\n",
      "images:\n  - name: nginx\n    newName: ghcr.io/acme/nginx # mirror\n    newTag: 9.9.9\n",
    ],
    [
      "CRLF",
      "images:\r\n  - name: nginx\r\n    newName: ghcr.io/acme/nginx\r\n",
      "images:\r\n  - name: nginx\r\n    newName: ghcr.io/acme/nginx\r\n    newTag: 9.9.9\r\n",
    ],
    [
      "no final newline",
      "images:\n  - name: ghcr.io/acme/nginx",
      "images:\n  - name: ghcr.io/acme/nginx\n    newTag: 9.9.9",
    ],
    [
      "flow",
      "images: [{name: ghcr.io/acme/nginx}]\n",
      "images: [{name: ghcr.io/acme/nginx, newTag: 9.9.9}]\n",
    ],
    [
      "JSON",
      '{"images": [{"name": "ghcr.io/acme/nginx"}]}\n',
      '{"images": [{"name": "ghcr.io/acme/nginx", "newTag": "9.9.9"}]}\n',
    ],
    [
      "double-quoted style",
      'images:\n  - name: "ghcr.io/acme/nginx"\n',
      'images:\n  - name: "ghcr.io/acme/nginx"\n    newTag: "9.9.9"\n',
    ],
  ];
  it.each(cases)("%s", (_name, before, after) => {
    const p = plan("kustomization.yaml", before, { repository: "ghcr.io/acme/nginx" });
    expect(p.files[0]?.text).toBe(after);
    expect(p.edits).toMatchObject([{ from: null, to: "9.9.9", field: "tag" }]);
    expect(plan("kustomization.yaml", after, { repository: "ghcr.io/acme/nginx" }).edits).toEqual(
      [],
    );
  });

  it("quotes an inserted tag that YAML would read as a number", () => {
    const text = "images:\n  - name: ghcr.io/acme/nginx\n";
    expect(
      bumped("kustomization.yaml", text, { repository: "ghcr.io/acme/nginx", tag: "2024" }),
    ).toBe('images:\n  - name: ghcr.io/acme/nginx\n    newTag: "2024"\n');
  });

  it("reports the line of the inserted tag", () => {
    const p = plan("kustomization.yaml", "images:\n  - name: ghcr.io/acme/nginx\n", {
      repository: "ghcr.io/acme/nginx",
    });
    expect(p.edits[0]?.line).toBe(3);
  });
});
