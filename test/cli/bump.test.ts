import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS_DIR, expected } from "../core/scan/corpus.js";
import { expectChanges, runCli, snapshot, tempTree } from "./run-cli.js";

const pod = (image: string) => `kind: Pod\nspec:\n  containers:\n    - image: ${image} # keep me\n`;

describe("bumpwarden bump", () => {
  it("bumps an image across a real corpus, printing {file, line, from, to}, and a second run changes nothing", async () => {
    const dir = await tempTree({}, join(CORPUS_DIR, "argo-rollouts-examples"));
    const before = await snapshot(dir);
    const run = await runCli([
      "bump",
      dir,
      "--image",
      "argoproj/rollouts-demo",
      "--tag",
      "yellow",
      "--json",
    ]);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Array<{
      file: string;
      line: number;
      from: string;
      to: string;
    }>;
    const want = expected("argo-rollouts-examples").filter(
      (e) => e.repository === "docker.io/argoproj/rollouts-demo",
    );
    expect(rows.map(({ file, line }) => ({ file, line }))).toEqual(
      want.map(({ file, line }) => ({ file, line })),
    );
    expect(new Set(rows.map((r) => `${r.from}->${r.to}`))).toEqual(
      new Set(["blue->yellow", "green->yellow"]),
    );
    const changed: Record<string, string> = {};
    for (const r of rows) {
      const text = (before.get(r.file) as Buffer).toString("utf8");
      const lines = text.split("\n");
      lines[r.line - 1] = (lines[r.line - 1] ?? "").replace(
        `rollouts-demo:${r.from}`,
        "rollouts-demo:yellow",
      );
      changed[r.file] = lines.join("\n");
    }
    const after = await snapshot(dir);
    expectChanges(before, after, changed);
    const again = await runCli([
      "bump",
      dir,
      "--image",
      "argoproj/rollouts-demo",
      "--tag",
      "yellow",
      "--json",
    ]);
    expect([again.code, JSON.parse(again.stdout)]).toEqual([0, []]);
    expectChanges(after, await snapshot(dir), {});
  });

  it("--dry-run prints the plan and writes nothing; an unknown image exits 0 with an empty list", async () => {
    const dir = await tempTree({ "clusters/dev/pod.yaml": pod("nginx:1.0") });
    const before = await snapshot(dir);
    const dry = await runCli(["bump", dir, "--image", "nginx", "--tag", "1.1", "--dry-run"]);
    expect(dry).toMatchObject({
      code: 0,
      stdout: "clusters/dev/pod.yaml:4  1.0 -> 1.1\n1 change(s) in 1 file(s)\n",
    });
    const unknown = await runCli([
      "bump",
      dir,
      "--image",
      "ghcr.io/acme/none",
      "--tag",
      "1.1",
      "--json",
    ]);
    expect([unknown.code, JSON.parse(unknown.stdout)]).toEqual([0, []]);
    expectChanges(before, await snapshot(dir), {});
  });

  it("never downgrades, and with --env changes only that environment", async () => {
    const dir = await tempTree({
      "clusters/dev/pod.yaml": pod("nginx:1.0"),
      "clusters/prod/pod.yaml": pod("nginx:1.0"),
      "x/pod.yaml": pod("nginx:2.0"),
    });
    const before = await snapshot(dir);
    const run = await runCli([
      "bump",
      dir,
      "--image",
      "docker.io/library/nginx",
      "--tag",
      "1.5",
      "--env",
      "dev",
    ]);
    expect(run.code).toBe(0);
    expectChanges(before, await snapshot(dir), { "clusters/dev/pod.yaml": pod("nginx:1.5") });
    const all = await runCli(["bump", dir, "--image", "nginx", "--tag", "1.5"]);
    expect(all.stderr).toContain("x/pod.yaml:4: warning: nginx:2.0 is newer than 1.5");
    expect(await readFile(join(dir, "x/pod.yaml"), "utf8")).toBe(pod("nginx:2.0"));
    expect(await readFile(join(dir, "clusters/prod/pod.yaml"), "utf8")).toBe(pod("nginx:1.5"));
  });

  it("exits 2 and writes nothing on bad usage: missing or invalid --tag, --digest, --image, unknown --env", async () => {
    const dir = await tempTree({
      "pod.yaml": pod("nginx:1.0"),
      ".github/bumpwarden.yml": "environments:\n  dev: ['**']\n",
    });
    const before = await snapshot(dir);
    for (const args of [
      ["--image", "nginx"],
      ["--image", "nginx", "--tag", "1.1; rm -rf /"],
      ["--image", "nginx", "--tag", "has space"],
      ["--image", "nginx", "--tag", "$(id)"],
      ["--image", "nginx", "--tag", "1.1", "--digest", "sha256:nothex"],
      ["--image", "nginx:1.0", "--tag", "1.1"],
      ["--image", "nginx", "--tag", "1.1", "--env", "prod"],
      ["--image", "nginx", "--tag", "1.1", "--bogus"],
    ]) {
      const run = await runCli(["bump", dir, ...args]);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/^bumpwarden bump: /m);
    }
    expectChanges(before, await snapshot(dir), {});
  });

  describe("bad input never crashes and never writes", () => {
    const bomb = () => {
      let text = "image: nginx:1.0\nl0: &l0 [lol, lol]\n";
      for (let i = 1; i <= 1000; i++)
        text += `l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(", ")}]\n`;
      return text;
    };
    const cases: Array<[string, string, string | Uint8Array, RegExp]> = [
      [
        "a 10,000-alias billion laughs",
        "values.yaml",
        bomb(),
        /values\.yaml:1: error: .*alias bomb/,
      ],
      [
        "nesting depth 5,000",
        "deep.yaml",
        `image: nginx:1.0\nx: ${"[".repeat(5000)}${"]".repeat(5000)}\n`,
        /deep\.yaml:2: error: not valid YAML.*maxDepth/,
      ],
      [
        "invalid UTF-8",
        "latin1.yaml",
        Buffer.concat([Buffer.from(pod("nginx:1.0")), Buffer.from("# caf\xe9\n", "latin1")]),
        /latin1\.yaml:5: error: not valid UTF-8/,
      ],
      [
        "duplicate keys",
        "dup.yaml",
        "kind: Pod\nspec:\n  containers:\n    - image: nginx:1.0\n      image: nginx:1.0\n",
        /dup\.yaml:5: error: duplicate key "image" \(first at line 4\)/,
      ],
      [
        "a tab-indented file",
        "tabs.yaml",
        "kind: Pod\nspec:\n\tcontainers: [{image: nginx:1.0}]\n",
        /tabs\.yaml:3: error: not valid YAML/,
      ],
      [
        "a tag with shell characters",
        "shell.yaml",
        pod('"nginx:1.0`reboot`"'),
        /shell\.yaml:4: error: "nginx:1\.0`reboot`" is not a valid image reference/,
      ],
    ];
    it.each(cases)("%s", async (_name, path, content, message) => {
      const dir = await tempTree({ [path]: content, "ok/pod.yaml": pod("nginx:1.0") });
      const before = await snapshot(dir);
      const run = await runCli(["bump", dir, "--image", "nginx", "--tag", "1.1"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain("nothing was changed");
      expectChanges(before, await snapshot(dir), {});
    });

    it("a 20 MB file that names the image", async () => {
      const big = `kind: List\nitems:\n${"  - {kind: Pod, spec: {containers: [{image: nginx:1.0}]}}\n".repeat(360_000)}`;
      expect(big.length).toBeGreaterThan(20e6);
      const dir = await tempTree({ "big.yaml": big, "ok/pod.yaml": pod("nginx:1.0") });
      const run = await runCli(["bump", dir, "--image", "nginx", "--tag", "1.1"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /big\.yaml: error: \d+ bytes, over the 10485760-byte limit; not read/,
      );
      expect(await readFile(join(dir, "ok/pod.yaml"), "utf8")).toBe(pod("nginx:1.0"));
    }, 60_000);

    it("bad files that do not name the image only warn", async () => {
      const dir = await tempTree({
        "other.yaml": "kind: Pod\nspec:\n\tcontainers: [{image: redis:1}]\n",
        "pod.yaml": pod("nginx:1.0"),
      });
      const run = await runCli(["bump", dir, "--image", "nginx", "--tag", "1.1"]);
      expect(run.code).toBe(0);
      expect(await readFile(join(dir, "pod.yaml"), "utf8")).toBe(pod("nginx:1.1"));
    });
  });
});
