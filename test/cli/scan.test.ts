import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CORPORA, CORPUS_DIR, comparable, expected } from "../core/scan/corpus.js";
import { runCli, tempTree } from "./run-cli.js";

const row = z.looseObject({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  kind: z.string(),
  image: z.string().nullable(),
  repository: z.string().nullable(),
  tag: z.string().nullable(),
  digest: z.string().nullable(),
  policy: z.string().optional(),
  environment: z.string().nullable(),
  editable: z.boolean(),
});

const pod = (image: string) => `kind: Pod\nspec:\n  containers:\n    - image: ${image}\n`;

describe("bumpwarden scan", () => {
  it.each(CORPORA)("scan %s --json equals the corpus's expected list", async (name) => {
    const { code, stdout } = await runCli(["scan", join(CORPUS_DIR, name), "--json"]);
    expect(code).toBe(0);
    const rows = z.array(row).parse(JSON.parse(stdout));
    expect(rows.map(comparable)).toEqual(expected(name));
  });

  it("prints a readable list, with templated values and Helm templates noted", async () => {
    const { code, stdout, stderr } = await runCli([
      "scan",
      join(CORPUS_DIR, "argo-rollouts-examples"),
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "examples/rollout-canary.yaml:21  container  argoproj/rollouts-demo:blue\n",
    );
    expect(stdout).toContain("examples/helm-blue-green/templates/rollout.yaml:29  templated");
    expect(stdout).toMatch(/23 reference\(s\) in 23 file\(s\)\n$/);
    expect(stderr).toContain(
      "examples/helm-blue-green/templates/rollout.yaml:20: note: not valid YAML",
    );
  });

  it("filters by image and environment, and takes environments from .github/bumpwarden.yml", async () => {
    const dir = await tempTree({
      "deploy/a/pod.yaml": pod("ghcr.io/acme/api:1.0"),
      "deploy/b/pod.yaml": pod("nginx:1.27"),
      ".github/bumpwarden.yml":
        "environments:\n  staging: ['deploy/a/**']\n  prod: ['deploy/b/**']\n",
    });
    const all = z.array(row).parse(JSON.parse((await runCli(["scan", dir, "--json"])).stdout));
    expect(all.map((r) => [r.file, r.environment])).toEqual([
      ["deploy/a/pod.yaml", "staging"],
      ["deploy/b/pod.yaml", "prod"],
    ]);
    const api = JSON.parse(
      (await runCli(["scan", dir, "--json", "--image", "ghcr.io/acme/api"])).stdout,
    ) as unknown[];
    expect(api).toHaveLength(1);
    const prod = z
      .array(row)
      .parse(JSON.parse((await runCli(["scan", dir, "--json", "--env", "prod"])).stdout));
    expect(prod.map((r) => r.image)).toEqual(["nginx:1.27"]);
  });

  it("reports unreadable files with file and line, and still lists the rest", async () => {
    const dir = await tempTree({
      "bad.yaml": Buffer.concat([
        Buffer.from("kind: Pod\n# caf"),
        Buffer.from([0xc3, 0x28]),
        Buffer.from("\nimage: x\n"),
      ]),
      "tabs.yaml": "kind: Pod\nspec:\n\tcontainers: [{image: nginx:1}]\n",
      "good.yaml": pod("nginx:1.27"),
    });
    const { code, stdout, stderr } = await runCli(["scan", dir, "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toHaveLength(1);
    expect(stderr).toContain("bad.yaml:2: error: not valid UTF-8");
    expect(stderr).toMatch(/tabs\.yaml:3: error: not valid YAML/);
  });

  it("exits 2 on bad usage: unknown flag, missing directory, bad --image, invalid configuration", async () => {
    expect((await runCli(["scan", "--nope"])).code).toBe(2);
    expect((await runCli(["scan", "/nonexistent/bumpwarden"])).stderr).toContain(
      "is not a directory",
    );
    const dir = await tempTree({ ".github/bumpwarden.yml": "environments:\n  Prod: [x]\n" });
    expect((await runCli(["scan", dir, "--image", "not an image!"])).code).toBe(2);
    const bad = await runCli(["scan", dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bumpwarden.yml");
  });
});
