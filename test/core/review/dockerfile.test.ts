import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../../src/core/review/catalog.js";
import { lint } from "../../../src/core/review/engine.js";
import type { Finding } from "../../../src/core/review/finding.js";
import { corpusUrl } from "../../harness/corpus.js";

const DIR = new URL("../../fixtures/dockerfiles/", import.meta.url).pathname;

function lintFixture(path: string): Finding[] {
  return lint([
    { path: `Dockerfile.${path.replace(/\//g, "-")}`, text: readFileSync(join(DIR, path), "utf8") },
  ]).findings;
}

describe("Dockerfile rules: a failing and a passing case for every rule", () => {
  for (const folder of readdirSync(DIR).sort()) {
    const rule = `dockerfile-${folder}`;
    for (const file of readdirSync(join(DIR, folder)).sort()) {
      const failing = file.startsWith("fail");
      it(`${rule}: ${file} ${failing ? "is reported" : "passes"}`, () => {
        const findings = lintFixture(`${folder}/${file}`).filter((f) => f.rule === rule);
        if (failing) expect(findings.length, JSON.stringify(findings)).toBeGreaterThan(0);
        else expect(findings).toEqual([]);
      });
    }
  }
});

describe("Dockerfile rule fixtures", () => {
  it("cover every Dockerfile rule of the catalog with at least one pass and one fail case", () => {
    const rules = RULES.filter((r) => r.id.startsWith("dockerfile-")).map((r) => r.id);
    expect(rules.length).toBeGreaterThanOrEqual(9);
    for (const rule of rules) {
      const folder = join(DIR, rule.slice("dockerfile-".length));
      const files = readdirSync(folder);
      expect(
        files.some((f) => f.startsWith("fail")),
        `${rule}: a fail case`,
      ).toBe(true);
      expect(
        files.some((f) => f.startsWith("pass")),
        `${rule}: a pass case`,
      ).toBe(true);
    }
  });
});

describe("Dockerfile findings", () => {
  const at = (path: string, rule: string) =>
    lintFixture(path)
      .filter((f) => f.rule === rule)
      .map((f) => ({ line: f.line, severity: f.severity, fix: f.fix?.text }));

  it("points at the FROM of an unpinned base, resolving build args from their defaults", () => {
    expect(at("base-pinned/fail-latest.Dockerfile", "dockerfile-base-pinned")).toEqual([
      { line: 1, severity: "error", fix: undefined },
    ]);
    const [f] = lintFixture("base-pinned/fail-no-tag.Dockerfile").filter(
      (x) => x.rule === "dockerfile-base-pinned",
    );
    expect(f?.message).toContain("FROM python has no tag");
    expect(f?.line).toBe(2);
  });

  it("offers the exec form as a suggestion when the command has no shell syntax", () => {
    expect(at("exec-form/fail.Dockerfile", "dockerfile-exec-form")).toEqual([
      { line: 3, severity: "warning", fix: 'ENTRYPOINT ["node", "server.js", "--port", "8080"]' },
    ]);
    expect(at("exec-form/fail-shell.Dockerfile", "dockerfile-exec-form")).toEqual([
      { line: 3, severity: "warning", fix: undefined },
    ]);
  });

  it("rewrites ADD to COPY and adds --no-install-recommends on the install line", () => {
    expect(at("copy-over-add/fail.Dockerfile", "dockerfile-copy-over-add")).toEqual([
      { line: 2, severity: "warning", fix: "COPY ./config /etc/app/config" },
    ]);
    expect(at("apt/fail-recommends.Dockerfile", "dockerfile-apt")).toEqual([
      {
        line: 2,
        severity: "warning",
        fix: "RUN apt-get update && apt-get install --no-install-recommends -y build-essential",
      },
    ]);
    expect(at("apt/fail-lists.Dockerfile", "dockerfile-apt").map((f) => f.line)).toEqual([2]);
  });

  it("follows FROM <stage> to the real base, and USER through parent stages", () => {
    const chain = lintFixture("minimal-base/fail-chain.Dockerfile");
    expect(chain.find((f) => f.rule === "dockerfile-minimal-base")?.message).toContain("node:20");
    expect(
      lintFixture("user/fail-root.Dockerfile").find((f) => f.rule === "dockerfile-user")?.line,
    ).toBe(4);
    expect(
      lintFixture("user/fail-missing.Dockerfile").find((f) => f.rule === "dockerfile-user")?.line,
    ).toBe(1);
  });

  it("lints the Dockerfiles of awesome-compose without tripping on platform flags or scratch", () => {
    const root = corpusUrl("gitops/awesome-compose/").pathname;
    const files = [
      "nginx-golang-mysql/backend/Dockerfile",
      "react-rust-postgres/backend/Dockerfile",
      "react-java-mysql/backend/Dockerfile",
      "angular/angular/Dockerfile",
    ].map((p) => ({ path: p, text: readFileSync(join(root, p), "utf8") }));
    const findings = lint(files).findings.map((f) => `${f.file}:${f.line} ${f.rule}`);
    expect(findings).toContain("react-java-mysql/backend/Dockerfile:15 dockerfile-apt");
    expect(findings.filter((f) => f.includes("dockerfile-multi-stage"))).toEqual([]);
    expect(findings.filter((f) => f.includes("dockerfile-base-pinned"))).toEqual([]);
  });
});
