import { DockerfileParser } from "dockerfile-ast";
import type { From, Instruction } from "dockerfile-ast";

/** One build stage: its FROM and the instructions up to the next FROM. */
export interface Stage {
  index: number;
  from: From;
  /** `AS name`, lower-cased, when given. */
  name: string | null;
  /** The base image with build args resolved from their defaults (null when it cannot be). */
  image: string | null;
  /** The earlier stage this one builds on (`FROM builder`), if any. */
  parent: Stage | null;
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  stages: Stage[];
  /** The stage that produces the image (the last one). */
  final: Stage | undefined;
}

/** Splits a Dockerfile into stages, resolving `FROM $BASE` from ARG defaults before the first FROM. */
export function parseDockerfile(text: string): ParsedDockerfile {
  const file = DockerfileParser.parse(text);
  const args = new Map<string, string>();
  for (const arg of file.getInitialARGs()) {
    const prop = arg.getProperty();
    const name = prop?.getName();
    const value = prop?.getValue();
    if (name && value !== null && value !== undefined) args.set(name, value);
  }
  const stages: Stage[] = [];
  for (const instruction of file.getInstructions()) {
    if (instruction.getKeyword() === "FROM") {
      const from = instruction as From;
      const raw = from.getImage();
      const image = raw === null ? null : resolveArgs(raw, args);
      const name = from.getBuildStage()?.toLowerCase() ?? null;
      const parent = image
        ? (stages.find((s) => s.name !== null && s.name === image.toLowerCase()) ?? null)
        : null;
      stages.push({ index: stages.length, from, name, image, parent, instructions: [] });
      continue;
    }
    stages.at(-1)?.instructions.push(instruction);
  }
  return { stages, final: stages.at(-1) };
}

function resolveArgs(text: string, args: ReadonlyMap<string, string>): string | null {
  let unresolved = false;
  const out = text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, a: string | undefined, b: string | undefined) => {
      const name = a ?? b ?? "";
      const value = args.get(name);
      if (value === undefined) {
        const fallback = /:?-([^}]*)\}$/.exec(whole)?.[1];
        if (fallback !== undefined) return fallback;
        unresolved = true;
        return whole;
      }
      return value;
    },
  );
  return unresolved ? null : out;
}

/** The first stage of the chain a stage builds on (its own base image, following `FROM <stage>`). */
export function rootStage(stage: Stage): Stage {
  let s = stage;
  const seen = new Set<number>();
  while (s.parent && !seen.has(s.index)) {
    seen.add(s.index);
    s = s.parent;
  }
  return s;
}

/** 1-based line of an instruction. */
export function lineOf(instruction: Instruction): number {
  return instruction.getRange().start.line + 1;
}
