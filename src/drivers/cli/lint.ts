import { readFile, readdir, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { parseConfig } from "../../core/config/load.js";
import { baseValuesPaths, missingBases } from "../../core/formats/helm-values/override-files.js";
import type { Finding } from "../../core/review/finding.js";
import { lint } from "../../core/review/engine.js";
import type { SourceFile } from "../../core/review/manifest.js";
import { loadPolicies } from "../../core/review/policy/load.js";
import { loadParams } from "../../core/review/policy/run.js";
import type { PolicyProblem } from "../../core/review/policy/types.js";
import type { CliCommand, CliIO } from "./io.js";
import { EXIT } from "./io.js";

const help = `Usage: bumpwarden lint [--policy <file>]... [--params <file>]... [--config <file>] [--json] <path>...

Lints Kubernetes manifests, kustomizations and Dockerfiles under each <path> (files or
directories): YAML syntax and duplicate keys, Kubernetes schema (built-in kinds), image rules
(allowed registries, no latest, digests, environments), pod security and resources, Dockerfile
practices, and the admission policies given with --policy. A Helm values override named without
its chart's values.yaml (values-prod.yaml that sets only a tag) is read with that base, from
disk, to know its image; findings are printed only for the files named or found under <path>.

Options:
  --policy <file>   Admission policies (YAML): Kubernetes ValidatingAdmissionPolicy with its
                    bindings, Kyverno ValidatingPolicy, Kubewarden cel-policy. Repeatable.
  --params <file>   Param objects for policies with a paramKind. Repeatable.
  --config <file>   bumpwarden config (default: .github/bumpwarden.yml when present).
  --policies-only   Report only admission-policy findings.
  --json            Print findings as a JSON array:
                    {file, line, column, endLine?, rule, severity, message, policy?, fix?, fingerprint}.

Exit codes: 0 no errors, 1 at least one finding with severity "error",
2 bad usage or input (unreadable file, invalid config, a policy that does not compile).

Examples:
  bumpwarden lint clusters/
  bumpwarden lint --policy policies/registries.yaml --params policies/params.yaml --json deploy.yaml
`;

const SKIP_DIRS = new Set([".git", "node_modules", ".terraform", "vendor"]);
const LINTABLE =
  /\.ya?ml$|(^|\/)Kustomization$|(^|\/)((Docker|Container)file(\.[^/]*)?|[^/]+\.(dockerfile|containerfile))$/i;

async function collect(path: string, cwd: string, out: SourceFile[]): Promise<void> {
  const abs = resolve(cwd, path);
  const info = await stat(abs);
  if (info.isDirectory()) {
    for (const entry of (await readdir(abs, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
      const child = join(abs, entry.name);
      if (entry.isDirectory()) await collect(child, cwd, out);
      else if (entry.isFile() && LINTABLE.test(entry.name)) out.push(await source(child, cwd));
    }
    return;
  }
  out.push(await source(abs, cwd));
}

/** The bases on disk of the override values files among `files`, when not among them. */
async function overrideBases(files: readonly SourceFile[], cwd: string): Promise<SourceFile[]> {
  const candidates = [...new Set(files.flatMap((f) => baseValuesPaths(f.path)))];
  const isFile = async (p: string) =>
    (await stat(resolve(cwd, p)).catch(() => undefined))?.isFile() ?? false;
  const present = await Promise.all(candidates.map(isFile));
  const tree = new Set([...files.map((f) => f.path), ...candidates.filter((_, i) => present[i])]);
  const bases = missingBases(
    files.map((f) => f.path),
    tree,
  );
  return Promise.all(bases.map((p) => source(resolve(cwd, p), cwd)));
}

async function source(abs: string, cwd: string): Promise<SourceFile> {
  const rel = relative(cwd, abs);
  const path = (rel === "" || isAbsolute(rel) ? abs : rel).split(sep).join("/");
  return { path, text: await readFile(abs, "utf8") };
}

function problemText(p: PolicyProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}\n`;
}

function human(findings: readonly Finding[]): string {
  const lines = findings.map(
    (f) =>
      `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.rule}${f.policy ? ` (${f.policy})` : ""}: ${f.message}`,
  );
  const count = (s: Finding["severity"]) => findings.filter((f) => f.severity === s).length;
  lines.push(
    `${findings.length} finding${findings.length === 1 ? "" : "s"}: ${count("error")} errors, ${count("warning")} warnings, ${count("notice")} notices`,
  );
  return `${lines.join("\n")}\n`;
}

async function readConfig(
  path: string | undefined,
  io: CliIO,
): Promise<ReturnType<typeof parseConfig> | undefined> {
  const file = path ?? ".github/bumpwarden.yml";
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), "utf8");
  } catch (e) {
    if (path === undefined && (e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  return parseConfig(text);
}

async function run(args: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        policy: { type: "string", multiple: true },
        params: { type: "string", multiple: true },
        config: { type: "string" },
        json: { type: "boolean" },
        "policies-only": { type: "boolean" },
      },
    });
  } catch (e) {
    io.stderr.write(`bumpwarden lint: ${e instanceof Error ? e.message : String(e)}\n${help}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (!positionals.length) {
    io.stderr.write(`bumpwarden lint: name at least one file or directory\n${help}`);
    return EXIT.usage;
  }
  try {
    const config = await readConfig(values.config, io);
    if (config && !config.ok) {
      for (const p of config.error)
        io.stderr.write(
          `${values.config ?? ".github/bumpwarden.yml"}${p.line ? `:${p.line}` : ""}: ${p.path || "config"}: ${p.message}\n`,
        );
      return EXIT.usage;
    }
    const read = async (paths: readonly string[] | undefined) =>
      Promise.all((paths ?? []).map((p) => source(resolve(io.cwd, p), io.cwd)));
    const policySet = loadPolicies(await read(values.policy));
    const params = loadParams(await read(values.params));
    const problems = [...policySet.problems, ...params.problems];
    if (problems.length) {
      for (const p of problems) io.stderr.write(problemText(p));
      return EXIT.usage;
    }
    const files: SourceFile[] = [];
    for (const p of positionals) await collect(p, io.cwd, files);
    const context = await overrideBases(files, io.cwd);
    const result = lint([...files, ...context], {
      ...(config && { config: config.value }),
      policies: policySet,
      params: params.params,
      policiesOnly: values["policies-only"] ?? false,
    });
    const onlyContext = new Set(context.map((f) => f.path));
    const findings = result.findings.filter((f) => !onlyContext.has(f.file));
    io.stdout.write(
      values.json ? `${JSON.stringify(findings, withoutLegacy, 2)}\n` : human(findings),
    );
    return findings.some((f) => f.severity === "error") ? EXIT.failed : EXIT.ok;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.stderr.write(
      `bumpwarden lint: ${err.code === "ENOENT" ? `no such file: ${err.path ?? ""}` : err.message}\n`,
    );
    return EXIT.usage;
  }
}

const command: CliCommand = {
  summary: "Lint manifests and Dockerfiles: schema, image rules, security, admission policies",
  help,
  run,
};
export default command;

/** `legacyFingerprint` only serves to read old review markers; it is not part of the JSON output. */
function withoutLegacy(key: string, value: unknown): unknown {
  return key === "legacyFingerprint" ? undefined : value;
}
