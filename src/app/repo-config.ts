import type { FileProblem } from "../core/config/document.js";
import { formatFileProblem } from "../core/config/document.js";
import { defaultConfig } from "../core/config/load.js";
import type { Config } from "../core/config/schema.js";
import type { Result } from "../core/result.js";
import type { RepoName } from "../ports/git-host.js";

/** A repository's applied configuration, or the defaults with the problems that prevented it. */
export interface RepoConfig {
  config: Config;
  /** One line per problem (`file:line: path: message`); empty when the config is valid. */
  problems: string[];
}

export type RepoConfigSource = (repo: RepoName) => Promise<RepoConfig>;

/** Adapts a loader's result (`loadRepoConfig`) into a RepoConfig. */
export function toRepoConfig(loaded: Result<{ config: Config }, FileProblem[]>): RepoConfig {
  if (loaded.ok) return { config: loaded.value.config, problems: [] };
  return { config: defaultConfig(), problems: loaded.error.map(formatFileProblem) };
}

export { formatFileProblem as formatProblem } from "../core/config/document.js";
