import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import { parseYaml, toValue } from "../yaml/index.js";
import { configSchema } from "./schema.js";
import type { Config } from "./schema.js";

export interface ConfigProblem {
  /** Dotted path into the config, e.g. `images.0.policy.semver`; empty for the whole file. */
  path: string;
  message: string;
  /** 1-based line in the file, when the problem has a place in it. */
  line?: number;
}

/** Parses and validates `.github/bumpwarden.yml` text. An empty file is the default config. */
export function parseConfig(text: string): Result<Config, ConfigProblem[]> {
  const parsed = parseYaml(text);
  if (!parsed.ok)
    return err([{ path: "", message: parsed.error.message, line: parsed.error.line }]);
  const doc = parsed.value.docs[0];
  const value = toValue(doc?.root ?? null, { budget: 100_000 });
  if (!value.ok) return err([{ path: "", message: value.error.message }]);
  return validateConfig(value.value ?? {});
}

export function validateConfig(value: unknown): Result<Config, ConfigProblem[]> {
  const result = configSchema.safeParse(value);
  if (result.success) return ok(result.data);
  return err(
    result.error.issues.map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message,
    })),
  );
}

/** The default configuration: what a repository without `.github/bumpwarden.yml` gets. */
export const defaultConfig = (): Config => configSchema.parse({});
