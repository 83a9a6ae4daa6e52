import type { Draft } from "../finding.js";
import type { RuleContext } from "../rules/context.js";
import { baseImageRules } from "./base-rules.js";
import { instructionRules } from "./instruction-rules.js";
import { parseDockerfile } from "./stages.js";

/** Dockerfile, Containerfile, `*.Dockerfile`, `Dockerfile.prod`… */
export const isDockerfilePath = (path: string): boolean =>
  /(^|\/)((Docker|Container)file(\.[^/]*)?|[^/]+\.(dockerfile|containerfile))$/i.test(path);

/** All Dockerfile rules for one file. */
export function lintDockerfile(file: string, text: string, ctx: RuleContext): Draft[] {
  const df = parseDockerfile(text);
  return [...baseImageRules(file, df, ctx), ...instructionRules(file, text, df)];
}
