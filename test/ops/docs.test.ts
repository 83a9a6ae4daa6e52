import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { createMetrics } from "../../src/adapters/metrics/index.js";
import { RULE_IDS } from "../../src/core/review/catalog.js";
import { EXIT } from "../../src/drivers/cli/io.js";
import { runCli } from "../cli/run-cli.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");
const pages = readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md"));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6} (.+)$/gm))
    out.add(
      (m[1] ?? "")
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-"),
    );
  return out;
}

function files(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe("docs", () => {
  it("docs/README.md links every page", () => {
    const index = read("docs/README.md");
    for (const page of pages.filter((p) => p !== "README.md"))
      expect(index, page).toContain(`](${page})`);
  });

  it("relative links point at files (and headings) that exist", () => {
    const problems: string[] = [];
    for (const source of [...pages.map((p) => `docs/${p}`), "README.md", "DEVELOPERS.md"]) {
      const text = read(source);
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1] ?? "";
        // External links, in-page anchors, and elided example URLs ("…/docs/rules.md") are not checked.
        if (/^(https?:|mailto:|#|…)/.test(target)) continue;
        const [path = "", anchor] = target.split("#");
        const abs = resolve(dirname(join(root, source)), path);
        if (existsSync(abs) && statSync(abs).isDirectory()) continue;
        let body: string;
        try {
          body = readFileSync(abs, "utf8");
        } catch {
          problems.push(`${source}: ${target} does not exist`);
          continue;
        }
        if (anchor && abs.endsWith(".md") && !anchors(body).has(anchor))
          problems.push(`${source}: ${target} has no such heading`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("every source path the docs name exists (architecture.md's map stays true to the code)", () => {
    const missing: string[] = [];
    let named = 0;
    for (const source of [...pages.map((p) => `docs/${p}`), "README.md", "DEVELOPERS.md"])
      for (const m of read(source).matchAll(
        /\b((?:src|sim|test|scripts|bench|deploy|examples)\/[\w./-]*\w)/g,
      )) {
        const path = m[1] ?? "";
        named++;
        if (!existsSync(join(root, path))) missing.push(`${source}: ${path}`);
      }
    expect(named).toBeGreaterThan(50);
    expect(missing).toEqual([]);
    // The map names every top-level directory of src/.
    const architecture = read("docs/architecture.md");
    for (const dir of readdirSync(join(root, "src"), { withFileTypes: true }))
      if (dir.isDirectory()) expect(architecture, dir.name).toContain(`src/${dir.name}`);
  });

  it("docs/rules.md says why and how to fix, for every rule of the catalog", () => {
    const sections = read("docs/rules.md").split(/^### /m);
    for (const rule of RULE_IDS) {
      const section = sections.find((t) => t.startsWith(`\`${rule}\``));
      expect(section, rule).toBeDefined();
      expect(section, rule).toMatch(/\*\*Why:\*\* \S/);
      expect(section, rule).toMatch(/\*\*Fix:\*\* \S/);
    }
  });

  it("docs/cli.md covers every command of `bumpwarden --help`", async () => {
    const { code, stdout: out } = await runCli(["--help"], root);
    expect(code).toBe(0);
    const commands = [...out.matchAll(/^ {2}([a-z][\w-]*) {2,}/gm)].map((m) => m[1]);
    expect(commands.length).toBeGreaterThan(3);
    const cli = read("docs/cli.md");
    for (const command of commands) expect(cli, command).toContain(`\`bumpwarden ${command}`);
  });

  it("`bumpwarden --help` and every command's --help show exit codes and examples that run", async () => {
    const top = await runCli(["--help"], root);
    expect(top.code).toBe(EXIT.ok);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z][\w-]*) {2,}/gm)].map((m) => m[1] ?? "");
    expect(commands).toEqual(["lint", "resolve", "scan", "bump", "commitlint"]);
    for (const [name, text] of [
      ["bumpwarden", top.stdout],
      ...(await Promise.all(
        commands.map(async (c) => {
          const help = await runCli([c, "--help"], root);
          expect(help.code, c).toBe(EXIT.ok);
          expect(help.stdout, c).toMatch(new RegExp(`^Usage: bumpwarden ${c} `));
          return [c, help.stdout] as const;
        }),
      )),
    ] as const) {
      expect(text, name).toMatch(/^Exit codes\b.*\b0\b.*\b2\b/ms);
      const examples = text.split(/^Examples:\n/m)[1] ?? "";
      const lines = examples.split("\n").filter((l) => l.startsWith("  bumpwarden "));
      expect(lines.length, name).toBeGreaterThan(0);
      // Every example names a real command, and every flag it uses is one that command's help lists.
      for (const line of lines) {
        const [command = "", ...args] = line.trim().split(/\s+/).slice(1);
        expect(commands, line).toContain(command);
        const help = (await runCli([command, "--help"], root)).stdout;
        for (const flag of args.filter((a) => a.startsWith("--")))
          expect(help, `${line}: ${flag}`).toContain(flag);
      }
    }
    // A bare `bumpwarden` prints the same list and exits 2; an unknown command exits 2 too.
    expect((await runCli([], root)).code).toBe(EXIT.usage);
    expect((await runCli(["frobnicate"], root)).code).toBe(EXIT.usage);
  });

  it("docs/cli.md's exit-code table is the code's", () => {
    const table = read("docs/cli.md").split("## Exit codes")[1] ?? "";
    const documented = [...table.matchAll(/^\| `(\d)` \|/gm)].map((m) => Number(m[1]));
    expect(documented).toEqual(Object.values(EXIT));
  });

  it("docs/operations.md lists every bumpwarden metric", async () => {
    const names = (await createMetrics({ processMetrics: false }).registry.getMetricsAsJSON()).map(
      (m) => m.name,
    );
    expect(names.length).toBeGreaterThanOrEqual(11);
    const operations = read("docs/operations.md");
    for (const name of names) expect(operations, name).toContain(`\`${name}\``);
  });

  it("app.yml justifies every event and permission in a comment above it", () => {
    const lines = read("app.yml").split("\n");
    const entries = lines
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => /^ {2}(- [a-z_]+|[a-z_]+: (read|write))$/.test(line));
    const app = load(read("app.yml")) as {
      default_permissions: Record<string, string>;
      default_events: string[];
    };
    expect(entries).toHaveLength(
      app.default_events.length + Object.keys(app.default_permissions).length,
    );
    for (const { line, i } of entries) expect(lines[i - 1], line).toMatch(/^ {2}# \S.{10,}/);
  });

  it("docs/quickstart.md explains every permission app.yml asks for", () => {
    const app = load(read("app.yml")) as {
      default_permissions: Record<string, string>;
      default_events: string[];
    };
    const quickstart = read("docs/quickstart.md");
    const names: Record<string, string> = {
      contents: "Contents",
      pull_requests: "Pull requests",
      checks: "Checks",
      issues: "Issues",
      statuses: "Commit statuses",
      actions: "Actions",
      packages: "Packages",
      metadata: "Metadata",
    };
    for (const [permission, access] of Object.entries(app.default_permissions))
      expect(quickstart, permission).toContain(`| ${names[permission] ?? permission}: ${access} |`);
    for (const event of app.default_events) expect(quickstart, event).toContain(`\`${event}\``);
  });
});

describe(".env.example", () => {
  const example = read(".env.example");
  const lines = example.split("\n");
  /** `NAME=` or `# NAME=`, the form a person copies; a name ending in `_` is a documented prefix. */
  const listed = (name: string) =>
    name.endsWith("_")
      ? new RegExp(`^#?\\s*${name}[A-Z0-9_<>]*=`, "m").test(example) &&
        example.includes(`${name}<HOST>`)
      : new RegExp(`^#?\\s*${name}=`, "m").test(example);

  it("explains every variable in a comment above it", () => {
    const unexplained: string[] = [];
    lines.forEach((line, i) => {
      const name = /^#?\s*([A-Z][A-Z0-9_]+)=/.exec(line)?.[1];
      if (!name) return;
      // Walk up the block of lines this one belongs to: a comment that is not itself an example.
      let j = i - 1;
      while (j >= 0 && /^#?\s*[A-Z][A-Z0-9_]+=/.test(lines[j] ?? "")) j--;
      if (!/^#\s*\S/.test(lines[j] ?? "")) unexplained.push(name);
    });
    expect(unexplained).toEqual([]);
  });

  it("lists every variable the code reads", () => {
    const read_: Set<string> = new Set();
    for (const file of files("src").filter(
      (f) => f.endsWith(".ts") && !f.startsWith(join("src", "core")),
    )) {
      const text = read(file);
      for (const m of text.matchAll(/\benv(?:\.|\[")([A-Z][A-Z0-9_]+)/g)) read_.add(m[1] ?? "");
      for (const m of text.matchAll(/["`](BUMPWARDEN_[A-Z0-9_]+)/g)) read_.add(m[1] ?? "");
    }
    for (const m of read("src/drivers/settings.ts").matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm))
      read_.add(m[1] ?? "");
    read_.delete("HOME"); // the user's home directory, not a setting
    expect(read_.size).toBeGreaterThan(8);
    expect([...read_].filter((name) => !listed(name))).toEqual([]);
  });

  it("lists the variables Probot reads", () => {
    const probot = [
      "APP_ID",
      "PRIVATE_KEY",
      "PRIVATE_KEY_PATH",
      "WEBHOOK_SECRET",
      "WEBHOOK_PATH",
      "WEBHOOK_PROXY_URL",
      "GH_ORG",
      "GHE_HOST",
      "GHE_PROTOCOL",
      "HOST",
      "PORT",
      "LOG_LEVEL",
      "LOG_FORMAT",
      "LOG_LEVEL_IN_STRING",
      "LOG_MESSAGE_KEY",
      "SENTRY_DSN",
      "REDIS_URL",
      "NODE_ENV",
      "NO_SMEE_SETUP",
    ];
    expect(probot.filter((name) => !listed(name))).toEqual([]);
  });
});
