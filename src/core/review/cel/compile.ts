import type { ParseResult } from "@marcbachmann/cel-js";
import { err, ok } from "../../result.js";
import type { Result } from "../../result.js";
import { admissionEnvironment } from "./environment.js";

export interface CompileError {
  message: string;
  /** Offset in the expression text where the problem is, when known. */
  offset: number;
}

export type Program = ParseResult;

/** Parses and type-checks an admission expression (unknown functions and variables fail here). */
export function compileExpression(expression: string): Result<Program, CompileError> {
  const env = admissionEnvironment();
  let program: Program;
  try {
    program = env.parse(expression);
  } catch (e) {
    return err(toCompileError(e));
  }
  const checked = program.check();
  if (!checked.valid) return err(withHint(toCompileError(checked.error), expression));
  return ok(program);
}

/** Libraries that need a live cluster or registry: name them instead of a bare type error. */
const ONLINE = [
  { re: /\bauthorizer\b/, hint: "authorizer checks need a live API server" },
  {
    re: /\b(resource|http|image|globalContext|imagedata)\.[A-Za-z]+\(/,
    hint: "Kyverno cluster, HTTP and registry lookups are not available offline",
  },
];

function withHint(error: CompileError, expression: string): CompileError {
  const online = ONLINE.find((o) => o.re.test(expression));
  return online ? { ...error, message: `${error.message} (${online.hint})` } : error;
}

function toCompileError(e: unknown): CompileError {
  if (e instanceof Error) {
    const ce = e as Error & { summary?: string; range?: { start: number } };
    return {
      message: ce.summary ?? e.message.split("\n")[0] ?? e.message,
      offset: ce.range?.start ?? 0,
    };
  }
  return { message: String(e), offset: 0 };
}
