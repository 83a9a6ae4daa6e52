import { parseArgs } from "node:util";
import { openWorkspace } from "../../adapters/local/workspace.js";
import type { Problem, Reference } from "../../core/formats/types.js";
import { parseReference } from "../../core/image-ref.js";
import { scanFiles } from "../../core/scan/scan-files.js";
import type { CliCommand } from "./io.js";
import { EXIT, usageErrorFor } from "./io.js";

const help = `Usage: bumpwarden scan [<path>] [--json] [--image <repository>] [--env <env>] [--config <file>]

Finds every container image reference under <path> (default: the current directory) with no
configuration: Kubernetes workloads, kustomize images, Helm values (values*.yaml, Flux HelmRelease,
Argo CD Applications), docker compose, Dockerfile FROM lines and Flux $imagepolicy markers.
Environments come from .github/bumpwarden.yml, else from the layout (clusters/<env>/, overlays/<env>/,
envs/<env>/, environments/<env>/, values-<env>.yaml, values.<env>.yaml, values/<env>.yaml). A values
override that sets only a tag (values-prod.yaml: image: {tag: 1.2.3}) takes its repository from the
chart's values.yaml next to it. See docs/formats.md.

Options:
  --json                Print a JSON array sorted by file and line: {file, line, column, kind, image,
                        repository, tag, digest, policy?, environment, path?, base?, editable};
                        base: for a values override that sets only the tag, the values
                        file its repository comes from.
  --image <repository>  Only references to this repository (any spelling: nginx, ghcr.io/acme/api).
  --env <env>           Only references in this environment.
  --config <file>       Configuration to use instead of <path>/.github/bumpwarden.yml.
  --max-file-size <n>   Skip files larger than n bytes (default 10485760).

Files that cannot be read (not YAML, not UTF-8, too large, alias bombs) are listed on stderr with
their line; Helm templates that are not YAML are noted, and their templated image lines listed.

Exit codes: 0 scanned (problems in single files are reported, not fatal), 2 bad usage or an
unreadable directory or configuration.

Examples:
  bumpwarden scan . --json
  bumpwarden scan clusters --image ghcr.io/acme/api --env staging
`;

const options = {
  json: { type: "boolean" },
  image: { type: "string" },
  env: { type: "string" },
  config: { type: "string" },
  "max-file-size": { type: "string" },
} as const;

const usageError = usageErrorFor("scan");

/** The JSON shape of design §4.1 (plus column, environment, path, editable). */
export function referenceJson(r: Reference): Record<string, unknown> {
  return {
    file: r.file,
    line: r.line,
    column: r.column,
    kind: r.kind,
    image: r.image,
    repository: r.repository,
    tag: r.tag,
    digest: r.digest,
    ...(r.policy !== undefined && { policy: r.policy }),
    environment: r.environment,
    ...(r.path !== undefined && { path: r.path }),
    ...(r.base !== undefined && { base: r.base }),
    editable: r.editable,
  };
}

export function formatProblem(p: Problem): string {
  const label = p.severity === "notice" ? "note" : p.severity;
  return `${p.file}${p.line !== undefined ? `:${p.line}` : ""}: ${label}: ${p.message}\n`;
}

export function parseMaxFileSize(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined;
  return /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : null;
}

const command: CliCommand = {
  summary: "List every image reference in a GitOps tree (zero config).",
  help,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    } catch (e) {
      return usageError(io, e instanceof Error ? e.message : String(e));
    }
    const { values, positionals } = parsed;
    if (positionals.length > 1)
      return usageError(io, `expected one path, got ${positionals.length}`);
    const maxFileBytes = parseMaxFileSize(values["max-file-size"]);
    if (maxFileBytes === null)
      return usageError(io, "--max-file-size must be a positive number of bytes");
    let repository: string | undefined;
    if (values.image !== undefined) {
      const ref = parseReference(values.image);
      if (!ref.ok) return usageError(io, `--image "${values.image}": ${ref.error.message}`);
      repository = ref.value.repository;
    }
    const root = positionals[0] ?? io.cwd;
    const ws = await openWorkspace(root, {
      ...(maxFileBytes !== undefined && { maxFileBytes }),
      ...(values.config !== undefined && { configFile: values.config }),
    });
    if (!ws.ok) return usageError(io, ws.error);
    const environments = ws.value.config?.environments;
    const result = scanFiles(ws.value.files, {
      ...(environments !== undefined && { environments }),
      ...(maxFileBytes !== undefined && { maxFileSize: maxFileBytes }),
    });
    const refs = result.references.filter(
      (r) =>
        (repository === undefined ||
          r.repository === repository ||
          r.linkedRepository === repository) &&
        (values.env === undefined || r.environments.includes(values.env)),
    );
    for (const p of [...ws.value.problems, ...result.problems]) io.stderr.write(formatProblem(p));
    if (values.json) {
      io.stdout.write(`${JSON.stringify(refs.map(referenceJson), null, 2)}\n`);
      return EXIT.ok;
    }
    for (const r of refs) {
      const env = r.environment ? ` [${r.environment}]` : "";
      const note = r.editable ? "" : ` (read-only: ${r.reason ?? "not editable"})`;
      io.stdout.write(`${r.file}:${r.line}  ${r.kind}  ${r.image ?? "-"}${env}${note}\n`);
    }
    for (const t of result.templated)
      io.stdout.write(`${t.file}:${t.line}  templated  ${t.text}\n`);
    io.stdout.write(
      `${refs.length} reference(s) in ${new Set(refs.map((r) => r.file)).size} file(s)\n`,
    );
    return EXIT.ok;
  },
};

export default command;
