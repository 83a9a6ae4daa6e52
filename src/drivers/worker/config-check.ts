import type { GitHubClient } from "../../adapters/github/client.js";
import { CONFIG_PATH, readConfigFile, resolveConfig } from "../../adapters/github/config-loader.js";
import { CONFIG_CHECK_NAME } from "../../core/config/check-name.js";
import type { RepoRef } from "../../core/config/extends.js";
import { readConfigDocument } from "../../core/config/document.js";
import type { FileProblem } from "../../core/config/document.js";
import { configCheckOutput } from "./config-check-output.js";

export interface ConfigCheckTarget extends RepoRef {
  pullNumber: number;
  headSha: string;
}

/**
 * `bumpwarden/config`: validates `.github/bumpwarden.yml` at the PR head (and the `_extends`
 * chain it names, read from default branches) and reports a check run with each problem's path,
 * expected and got. The head's config is only validated, never applied: bumpwarden applies the
 * default branch's config.
 */
/** Runs the check; undefined when the PR does not touch the config file (no check run then). */
export async function runConfigCheck(
  client: GitHubClient,
  target: ConfigCheckTarget,
): Promise<{ conclusion: "success" | "failure"; problems: number } | undefined> {
  const change = await configFileChange(client, target);
  if (!change) return undefined;
  const repo = { owner: target.owner, repo: target.repo };
  let problems: FileProblem[] = [];
  let files: string[] = [];
  if (change !== "removed") {
    const text = await readConfigFile(client, repo, target.headSha);
    const doc = readConfigDocument(text ?? "", CONFIG_PATH);
    const resolved = doc.ok ? await resolveConfig(client, doc.value, repo) : doc;
    if (resolved.ok) files = resolved.value.files;
    else problems = resolved.error;
  }
  const output = configCheckOutput({ problems, files, removed: change === "removed" });
  const conclusion = problems.length > 0 ? "failure" : "success";
  await client.request("POST /repos/{owner}/{repo}/check-runs", {
    owner: target.owner,
    repo: target.repo,
    name: CONFIG_CHECK_NAME,
    head_sha: target.headSha,
    status: "completed",
    conclusion,
    output,
  });
  return { conclusion, problems: problems.length };
}

/** How the PR changes the config file: "changed", "removed", or undefined (not at all). */
async function configFileChange(
  client: GitHubClient,
  target: ConfigCheckTarget,
): Promise<"changed" | "removed" | undefined> {
  // GitHub lists at most 3000 files, 100 a page.
  for (let page = 1; page <= 30; page++) {
    const { data } = await client.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
      owner: target.owner,
      repo: target.repo,
      pull_number: target.pullNumber,
      per_page: 100,
      page,
    });
    const files = Array.isArray(data) ? (data as { filename?: unknown; status?: unknown }[]) : [];
    const file = files.find((f) => f.filename === CONFIG_PATH);
    if (file) return file.status === "removed" ? "removed" : "changed";
    if (files.length < 100) return undefined;
  }
  return undefined;
}
