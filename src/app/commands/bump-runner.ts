import type { RepoName } from "../../ports/git-host.js";
import { bumpRepository } from "../bump-repo.js";
import type { BumpDeps } from "../bump-repo.js";
import type { DashboardDeps } from "../dashboard.js";
import { recordBumpOutcome } from "../dashboard-outcome.js";
import { indexRepository } from "../index-repo.js";
import type { BumpRunner } from "./types.js";

/**
 * The bump use case for one repository, as commands run it: the repository is indexed first
 * when the index does not know it yet (a fresh process, an in-memory index). With `dashboard`,
 * each outcome is recorded there (a version a gate still blocks, or one proposed at last).
 */
export function createBumpRunner(
  deps: BumpDeps,
  installationId: number,
  repo: RepoName,
  dashboard?: DashboardDeps,
): BumpRunner {
  return async (request) => {
    const known = await deps.index.getRepo(installationId, `${repo.owner}/${repo.name}`);
    if (!known) await indexRepository(deps.host, deps.index, installationId, repo);
    const outcome = await bumpRepository({ ...request, installationId, repo }, deps);
    if (dashboard) await recordBumpOutcome(repo, outcome, { ...dashboard, clock: deps.clock });
    return outcome;
  };
}
