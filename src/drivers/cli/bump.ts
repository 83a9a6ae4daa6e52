import { parseArgs } from "node:util";
import { fileMentions } from "../../adapters/local/read-tree.js";
import { writeFiles } from "../../adapters/local/write-files.js";
import { openWorkspace } from "../../adapters/local/workspace.js";
import type { Problem } from "../../core/formats/types.js";
import { parseReference } from "../../core/image-ref.js";
import type { BumpPlan } from "../../core/scan/bump-types.js";
import { planBump } from "../../core/scan/plan-bump.js";
import type { CliCommand, CliIO } from "./io.js";
import { EXIT, usageErrorFor } from "./io.js";
import { formatProblem, parseMaxFileSize } from "./scan.js";

const help = `Usage: bumpwarden bump [<path>] --image <repository> --tag <tag> [--digest <digest>] [--env <env>]
                       [--dry-run] [--json] [--config <file>]

Sets the tag of every reference to <repository> under <path> (default: the current directory). Only
the old tag (and digest) bytes change: comments, quoting, anchors, key order, line endings and the
other documents of a file stay byte-identical. A kustomize images entry without newTag gets one,
inserted after its last key. A tag YAML would read as a number (1.10) is quoted where needed.

Never downgrades (versions are compared when both tags are versions), never leaves an old digest
next to a new tag (give --digest), and with --env only changes files of that environment. An edit
under a YAML anchor changes every alias of it: bump says so. An unknown image changes nothing.

Options:
  --image <repository>  The image: nginx, docker.io/library/nginx, ghcr.io/acme/api (no tag).
  --tag <tag>           The new tag.
  --digest <digest>     The new tag's digest (sha256:…), written where a digest is pinned.
  --env <env>           Only files of this environment.
  --dry-run             Print the plan; write nothing.
  --json                Print [{file, line, from, to}].
  --config <file>       Configuration to use instead of <path>/.github/bumpwarden.yml.
  --max-file-size <n>   Skip files larger than n bytes (default 10485760).

Files are written only after every file was read and every edit was verified by scanning the
result again; a file that mentions the image but cannot be read safely stops the bump.

Exit codes: 0 done (also when nothing matched), 1 an edit could not be verified (nothing written),
2 bad usage or bad input (invalid tag, unreadable file that mentions the image; nothing written).

Examples:
  bumpwarden bump . --image ghcr.io/acme/api --tag 1.8.0 --env staging
  bumpwarden bump clusters --image nginx --tag 1.27.3 --digest sha256:… --dry-run --json
`;

const options = {
  image: { type: "string" },
  tag: { type: "string" },
  digest: { type: "string" },
  env: { type: "string" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  config: { type: "string" },
  "max-file-size": { type: "string" },
} as const;

const usageError = usageErrorFor("bump");

const command: CliCommand = {
  summary: "Set the tag of an image everywhere it is used, changing only the tag bytes.",
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
    if (values.image === undefined || values.tag === undefined)
      return usageError(io, "--image and --tag are required");
    const maxFileBytes = parseMaxFileSize(values["max-file-size"]);
    if (maxFileBytes === null)
      return usageError(io, "--max-file-size must be a positive number of bytes");
    const root = positionals[0] ?? io.cwd;
    const ws = await openWorkspace(root, {
      ...(maxFileBytes !== undefined && { maxFileBytes }),
      ...(values.config !== undefined && { configFile: values.config }),
    });
    if (!ws.ok) return usageError(io, ws.error);
    const { config } = ws.value;
    const envNames = Object.keys(config?.environments ?? {});
    if (values.env !== undefined && envNames.length > 0 && !envNames.includes(values.env))
      return usageError(
        io,
        `--env "${values.env}" is not one of the configured environments: ${envNames.join(", ")}`,
      );

    const request = {
      repository: values.image,
      tag: values.tag,
      digest: values.digest,
      env: values.env,
    };
    const plan = planBump(ws.value.files, request, {
      ...(config?.environments !== undefined && { environments: config.environments }),
      ...(maxFileBytes !== undefined && { maxFileSize: maxFileBytes }),
    });
    if (!plan.ok) {
      for (const p of plan.error.problems ?? []) io.stderr.write(formatProblem(p));
      io.stderr.write(`bumpwarden bump: ${plan.error.message}\n`);
      return plan.error.code === "verification-failed" ? EXIT.failed : EXIT.usage;
    }
    const unreadable = await blockingFiles(root, ws.value.problems, values.image);
    if (unreadable.length > 0) {
      for (const p of unreadable) io.stderr.write(formatProblem(p));
      return usageError(
        io,
        `${unreadable.length} unreadable file(s) mention ${plan.value.repository}; nothing was changed`,
      );
    }
    for (const p of ws.value.problems)
      io.stderr.write(formatProblem({ ...p, severity: "warning" }));
    report(io, plan.value, values.json === true);
    if (values["dry-run"] || plan.value.files.length === 0) return EXIT.ok;
    const before = new Map(ws.value.files.map((f) => [f.path, f.text]));
    const written = await writeFiles(
      root,
      plan.value.files.map((f) => ({
        path: f.path,
        before: before.get(f.path) ?? "",
        after: f.text,
      })),
      process.pid,
    );
    if (!written.ok) return usageError(io, written.error);
    return EXIT.ok;
  },
};

/** Files the adapter could not read that name the image: the bump must not go ahead without them. */
async function blockingFiles(
  root: string,
  problems: readonly Problem[],
  image: string,
): Promise<Problem[]> {
  const ref = parseReference(image);
  const name = ref.ok ? ref.value.path : image;
  const needle = name.slice(name.lastIndexOf("/") + 1);
  const out: Problem[] = [];
  for (const p of problems) if (await fileMentions(root, p.file, needle)) out.push(p);
  return out;
}

function report(io: CliIO, plan: BumpPlan, json: boolean): void {
  for (const w of plan.warnings)
    io.stderr.write(
      `${w.file}${w.line !== undefined ? `:${w.line}` : ""}: warning: ${w.message}\n`,
    );
  if (json) {
    const rows = plan.edits.map((e) => ({ file: e.file, line: e.line, from: e.from, to: e.to }));
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (plan.edits.length === 0) {
    io.stdout.write(`nothing to change for ${plan.repository}\n`);
    return;
  }
  for (const e of plan.edits)
    io.stdout.write(`${e.file}:${e.line}  ${e.from ?? "(none)"} -> ${e.to}\n`);
  io.stdout.write(`${plan.edits.length} change(s) in ${plan.files.length} file(s)\n`);
}

export default command;
