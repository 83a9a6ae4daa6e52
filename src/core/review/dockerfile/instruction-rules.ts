import type { Instruction, JSONInstruction } from "dockerfile-ast";
import type { Draft } from "../finding.js";
import type { ParsedDockerfile } from "./stages.js";
import { lineOf } from "./stages.js";

const INSTALL = /\b(apt-get|apt|apk|yum|dnf|microdnf|zypper)\s+(-\S+\s+)*(install|add)\b([^;&|]*)/g;
const REMOVE =
  /\b(apt-get|apt|apk|yum|dnf|microdnf|zypper)\s+(-\S+\s+)*(purge|remove|del|autoremove)\b([^;&|]*)/g;
const SHELL_SYNTAX = /[$&|;<>*?()`'"\\{}[\]~#!]/;

/** Rules on RUN, ADD, CMD and ENTRYPOINT instructions. */
export function instructionRules(file: string, text: string, df: ParsedDockerfile): Draft[] {
  const out: Draft[] = [];
  const lines = text.split(/\r?\n/);
  for (const stage of df.stages) {
    const final = stage === df.final;
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      const line = lineOf(instruction);
      const args = instruction.getArgumentsContent() ?? "";
      if (keyword === "ADD") out.push(...addRule(file, instruction, lines));
      if (keyword === "RUN") out.push(...aptRules(file, instruction, args, lines, final));
      if (keyword === "RUN" && final) out.push(...downloaderRule(file, line, args));
      if ((keyword === "CMD" || keyword === "ENTRYPOINT") && final)
        out.push(...execForm(file, instruction as JSONInstruction, lines));
    }
  }
  return out;
}

function addRule(file: string, instruction: Instruction, lines: string[]): Draft[] {
  const sources = instruction
    .getArguments()
    .map((a) => a.getValue())
    .filter((v) => !v.startsWith("--"))
    .slice(0, -1);
  const remote = sources.some((s) =>
    /^(https?|git):\/\/|^git@|\.git$|\.(tar|tgz|tar\.\w+)$/.test(s),
  );
  if (remote || sources.length === 0) return [];
  const line = lineOf(instruction);
  const current = lines[line - 1] ?? "";
  const fix = /^\s*ADD\b/i.test(current)
    ? { fix: { line, endLine: line, text: current.replace(/^(\s*)ADD\b/i, "$1COPY") } }
    : {};
  return [
    {
      file,
      line,
      column: 1,
      rule: "dockerfile-copy-over-add",
      severity: "warning",
      message:
        "use COPY for local files; ADD also fetches URLs and unpacks archives, which surprises readers",
      ...fix,
    },
  ];
}

function aptRules(
  file: string,
  instruction: Instruction,
  args: string,
  lines: string[],
  final: boolean,
): Draft[] {
  if (!/\bapt-get\b|\bapt\b/.test(args)) return [];
  const out: Draft[] = [];
  const line = lineOf(instruction);
  const installs = /\bapt(-get)?\s+(-\S+\s+)*install\b/.test(args);
  if (installs && !/--no-install-recommends\b/.test(args)) {
    const last = instruction.getRange().end.line + 1;
    let fixLine: number | undefined;
    for (let l = line; l <= last; l++)
      if (/\bapt(-get)?\s+(-\S+\s+)*install\b/.test(lines[l - 1] ?? "")) fixLine ??= l;
    const current = fixLine ? (lines[fixLine - 1] ?? "") : "";
    out.push({
      file,
      line: fixLine ?? line,
      column: 1,
      rule: "dockerfile-apt",
      severity: "warning",
      message: "apt-get install without --no-install-recommends pulls in packages nobody asked for",
      ...(fixLine && {
        fix: {
          line: fixLine,
          endLine: fixLine,
          text: current.replace(
            /\b(apt(?:-get)?\s+(?:-\S+\s+)*install)\b/,
            "$1 --no-install-recommends",
          ),
        },
      }),
    });
  }
  if (
    final &&
    (installs || /\bapt(-get)?\s+update\b/.test(args)) &&
    !/rm\s+-r?f?r?\s+[^;&|]*\/var\/lib\/apt\/lists/.test(args)
  )
    out.push({
      file,
      line,
      column: 1,
      rule: "dockerfile-apt",
      severity: "warning",
      message:
        "apt lists are left in the image; end this RUN with `&& rm -rf /var/lib/apt/lists/*`",
    });
  return out;
}

function downloaderRule(file: string, line: number, args: string): Draft[] {
  const installed = new Set<string>();
  for (const m of args.matchAll(INSTALL))
    for (const tool of ["curl", "wget"])
      if (new RegExp(`(^|\\s)${tool}(\\s|=|$)`).test(m[4] ?? "")) installed.add(tool);
  for (const m of args.matchAll(REMOVE))
    for (const tool of ["curl", "wget"])
      if (new RegExp(`(^|\\s)${tool}(\\s|$)`).test(m[4] ?? "")) installed.delete(tool);
  if (!installed.size) return [];
  const tools = [...installed].join(" and ");
  return [
    {
      file,
      line,
      column: 1,
      rule: "dockerfile-no-curl",
      severity: "warning",
      message: `${tools} stays in the final image, a ready-made download tool for an attacker; fetch files in a build stage instead`,
    },
  ];
}

function execForm(file: string, instruction: JSONInstruction, lines: string[]): Draft[] {
  if (instruction.getOpeningBracket() !== null) return [];
  const keyword = instruction.getKeyword();
  const args = instruction.getArgumentsContent() ?? "";
  const line = lineOf(instruction);
  const single = instruction.getRange().end.line + 1 === line;
  const words = args.trim().split(/\s+/).filter(Boolean);
  const current = lines[line - 1] ?? "";
  const mechanical = single && words.length > 0 && !SHELL_SYNTAX.test(args);
  const start = current.search(new RegExp(`\\b${keyword}\\b`, "i"));
  return [
    {
      file,
      line,
      column: 1,
      rule: "dockerfile-exec-form",
      severity: "warning",
      message: `${keyword} in shell form runs under /bin/sh, which does not forward SIGTERM; use the exec form ${keyword} ["…"]`,
      ...(mechanical &&
        start >= 0 && {
          fix: {
            line,
            endLine: line,
            text: `${current.slice(0, start)}${keyword} ${JSON.stringify(words).replace(/","/g, '", "')}`,
          },
        }),
    },
  ];
}
