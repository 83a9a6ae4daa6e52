import { z } from "zod";
import {
  checkConfigDocument,
  formatFileProblem,
  readConfigDocument,
} from "../../core/config/document.js";
import type { ConfigDocument, FileProblem } from "../../core/config/document.js";
import { explainIssues } from "../../core/config/explain.js";
import { mergeConfigValues, parseExtends, repoKey } from "../../core/config/extends.js";
import type { RepoRef } from "../../core/config/extends.js";
import { defaultConfig } from "../../core/config/load.js";
import { configSchema } from "../../core/config/schema.js";
import type { Config } from "../../core/config/schema.js";
import { entries } from "../../core/yaml/index.js";
import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";
import type { GitHubClient } from "./client.js";

export const CONFIG_PATH = ".github/bumpwarden.yml";
/** The repository that holds an organization's defaults (GitHub's convention for community files). */
export const ORG_DEFAULTS_REPO = ".github";

export interface LoadedConfig {
  config: Config;
  /** The files read, the repository's own first, each as `owner/repo:.github/bumpwarden.yml`. */
  files: string[];
}

export interface ConfigLoadOptions {
  /** How many `_extends` hops to follow (default 2: repo → team base → org base). */
  maxExtends?: number;
}

const fileName = (r: RepoRef) => `${r.owner}/${r.repo}:${CONFIG_PATH}`;

/**
 * A repository's configuration, as bumpwarden applies it: `.github/bumpwarden.yml` from its
 * default branch, else the one in the organization's `.github` repository, else the defaults;
 * `_extends` followed with cycle detection and merged (see mergeConfigValues). Never reads a PR
 * head. Problems are values, path-qualified and with the file and line; a GitHub error other than
 * 404 is thrown (the caller's job retries).
 */
export async function loadRepoConfig(
  client: GitHubClient,
  repo: RepoRef,
  options: ConfigLoadOptions = {},
): Promise<Result<LoadedConfig, FileProblem[]>> {
  let source = repo;
  let text = await readConfigFile(client, repo);
  if (text === null && repo.repo.toLowerCase() !== ORG_DEFAULTS_REPO) {
    source = { owner: repo.owner, repo: ORG_DEFAULTS_REPO };
    text = await readConfigFile(client, source);
  }
  if (text === null) return ok({ config: defaultConfig(), files: [] });
  const doc = readConfigDocument(text, fileName(source));
  if (!doc.ok) return doc;
  return resolveConfig(client, doc.value, source, options);
}

/**
 * The same as loadRepoConfig when the repository's own file was already read (the bump reads it in
 * its one query): only the organization fallback and `_extends` cost requests.
 */
export async function configFromText(
  client: GitHubClient,
  repo: RepoRef,
  text: string | null,
  options: ConfigLoadOptions = {},
): Promise<Result<LoadedConfig, FileProblem[]>> {
  if (text === null) {
    if (repo.repo.toLowerCase() === ORG_DEFAULTS_REPO)
      return ok({ config: defaultConfig(), files: [] });
    const source = { owner: repo.owner, repo: ORG_DEFAULTS_REPO };
    const org = await readConfigFile(client, source);
    if (org === null) return ok({ config: defaultConfig(), files: [] });
    const doc = readConfigDocument(org, fileName(source));
    return doc.ok ? resolveConfig(client, doc.value, source, options) : doc;
  }
  const doc = readConfigDocument(text, fileName(repo));
  return doc.ok ? resolveConfig(client, doc.value, repo, options) : doc;
}

/** `configFromText` as the bump use case takes it (`BumpDeps.config`): problems as lines. */
export function appliedConfig(client: GitHubClient) {
  return async (
    repo: { owner: string; name: string },
    text: string | null,
  ): Promise<Result<Config, string[]>> => {
    const loaded = await configFromText(client, { owner: repo.owner, repo: repo.name }, text);
    return loaded.ok ? ok(loaded.value.config) : err(loaded.error.map(formatFileProblem));
  };
}

/**
 * Validates `doc` (read from `from`), follows its `_extends` chain on the default branches, and
 * merges. Used by loadRepoConfig, and by the config check for a PR head's file.
 */
export async function resolveConfig(
  client: GitHubClient,
  doc: ConfigDocument,
  from: RepoRef,
  options: ConfigLoadOptions = {},
): Promise<Result<LoadedConfig, FileProblem[]>> {
  const maxExtends = options.maxExtends ?? 2;
  const chain: ConfigDocument[] = [doc];
  const seen = [from];
  const problems: FileProblem[] = [...checkConfigDocument(doc)];
  let current = { doc, repo: from };
  for (;;) {
    const target = parseExtends(current.doc.value, current.repo);
    const at = (message: string, expected: string, got: string): FileProblem => ({
      file: current.doc.file,
      path: "_extends",
      message,
      expected,
      got,
      ...lineOfKey(current.doc, "_extends"),
    });
    if (!target.ok) {
      problems.push(
        at(target.error, "`repo` or `owner/repo`", JSON.stringify(current.doc.value._extends)),
      );
      break;
    }
    if (target.value === null) break;
    const next = target.value;
    if (seen.some((r) => repoKey(r) === repoKey(next))) {
      const loop = [...seen, next].map((r) => `${r.owner}/${r.repo}`).join(" → ");
      problems.push(
        at(`_extends makes a cycle: ${loop}`, "a repository not already in the chain", loop),
      );
      break;
    }
    if (seen.length > maxExtends) {
      const message = `_extends goes deeper than ${maxExtends} level(s); point at the final base directly`;
      problems.push(at(message, `at most ${maxExtends} level(s)`, `${seen.length} or more`));
      break;
    }
    const text = await readConfigFile(client, next);
    if (text === null) {
      const message = `_extends: ${fileName(next)} does not exist, or the app is not installed on ${next.owner}/${next.repo}`;
      problems.push(at(message, "a readable config file", "nothing"));
      break;
    }
    const base = readConfigDocument(text, fileName(next));
    if (!base.ok) {
      problems.push(...base.error);
      break;
    }
    problems.push(...checkConfigDocument(base.value));
    chain.push(base.value);
    seen.push(next);
    current = { doc: base.value, repo: next };
  }
  if (problems.length > 0) return err(problems);

  const merged = chain.reduceRight<Record<string, unknown>>(
    (acc, d) => mergeConfigValues(acc, d.value),
    {},
  );
  const result = configSchema.safeParse(merged);
  const files = chain.map((d) => d.file);
  if (result.success) return ok({ config: result.data, files });
  const file = `${files.join(" + ")} (merged)`;
  return err(
    explainIssues(result.error.issues, { schema: configSchema, value: merged }).map((p) => ({
      ...p,
      file,
    })),
  );
}

const contentsSchema = z.object({
  type: z.literal("file"),
  encoding: z.string(),
  content: z.string(),
});

/** The config file's text on the default branch (or at `ref`), or null when there is none. */
export async function readConfigFile(
  client: GitHubClient,
  repo: RepoRef,
  ref?: string,
): Promise<string | null> {
  let data: unknown;
  try {
    ({ data } = await client.request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner: repo.owner,
      repo: repo.repo,
      path: CONFIG_PATH,
      ...(ref === undefined ? {} : { ref }),
    }));
  } catch (e) {
    if (statusOf(e) === 404) return null;
    throw e;
  }
  const file = contentsSchema.safeParse(data);
  if (!file.success) return null; // a directory or a symlink of that name is not a config
  if (file.data.encoding !== "base64")
    throw new Error(`${fileName(repo)}: unexpected encoding ${file.data.encoding}`);
  return Buffer.from(file.data.content, "base64").toString("utf8");
}

function statusOf(e: unknown): number | undefined {
  const status =
    typeof e === "object" && e !== null ? (e as { status?: unknown }).status : undefined;
  return typeof status === "number" ? status : undefined;
}

function lineOfKey(doc: ConfigDocument, key: string): { line?: number } {
  if (doc.root?.kind !== "map") return {};
  const entry = entries(doc.root).find((e) => e.key === key);
  return entry ? { line: doc.lineOf(entry.keyNode.start) } : {};
}
