import type { RepoName } from "../../ports/git-host.js";
import { bumpRepository } from "../bump-repo.js";
import type { BumpDeps } from "../bump-repo.js";
import { indexRepository } from "../index-repo.js";
import type { BumpRunner } from "./types.js";

/**
 * The bump use case for one repository, as commands run it: the repository is indexed first
 * when the index does not know it yet (a fresh process, an in-memory index).
 */
export function createBumpRunner(
  deps: BumpDeps,
  installationId: number,
  repo: RepoName,
): BumpRunner {
  return async (request) => {
    const known = await deps.index.getRepo(installationId, `${repo.owner}/${repo.name}`);
    if (!known) await indexRepository(deps.host, deps.index, installationId, repo);
    return bumpRepository({ ...request, installationId, repo }, deps);
  };
}
