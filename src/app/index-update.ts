import type { IndexUpdate } from "../core/events/github-index.js";
import { parseMarker } from "../core/pr/marker.js";
import type { GitHost, RepoName } from "../ports/git-host.js";
import type { ImageIndex } from "../ports/image-index.js";
import { indexRepository, refreshIndex } from "./index-repo.js";

export interface IndexUpdateDeps {
  index: ImageIndex;
  host: GitHost;
  /** Every repository the installation can see (`GET /installation/repositories`). */
  listRepositories(): Promise<string[]>;
  branchPrefix: string;
}

/** A bump to plan again because the default branch moved: its PR may now be obsolete. */
export interface Recheck {
  repo: string;
  repository: string;
  tag: string;
}

const toName = (fullName: string): RepoName => {
  const [owner = "", name = ""] = fullName.split("/");
  return { owner, name };
};

/**
 * Keeps the index true to the default branches: a push refreshes the files it changed (or the
 * whole repository when its file list is incomplete or the config changed), new repositories are
 * indexed, removed ones forgotten. A push also returns the open bump PRs to plan again, so one
 * whose tag the base branch now has is closed as obsolete.
 */
export async function applyIndexUpdate(
  update: IndexUpdate,
  deps: IndexUpdateDeps,
): Promise<Recheck[]> {
  switch (update.kind) {
    case "repository-pushed": {
      const repo = toName(update.repository);
      const changed = update.changedPaths;
      await refreshIndex(deps.host, deps.index, update.installationId, repo, {
        before: update.before,
        after: update.after,
        changed: changed ?? [],
        removed: [],
        complete: changed !== null,
      });
      const open = await deps.host.openPullRequests(repo, deps.branchPrefix);
      return open.flatMap((pr) => {
        const marker = parseMarker(pr.body);
        return marker?.tag
          ? [{ repo: update.repository, repository: marker.image, tag: marker.tag }]
          : [];
      });
    }
    case "repositories-added": {
      const names = update.relist ? await deps.listRepositories() : update.repositories;
      for (const name of names) {
        if (update.relist && (await deps.index.getRepo(update.installationId, name))) continue;
        await indexRepository(deps.host, deps.index, update.installationId, toName(name));
      }
      return [];
    }
    case "repositories-removed": {
      const names = update.wholeInstallation
        ? (await deps.index.repos())
            .filter(([id]) => id === update.installationId)
            .map(([, name]) => name)
        : update.repositories;
      for (const name of names) await deps.index.removeRepo(update.installationId, name);
      return [];
    }
  }
}
