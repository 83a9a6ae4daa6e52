import { z } from "zod";
import type { GithubDelivery } from "./ghcr.js";
import { parseBody } from "./parse-body.js";

/**
 * A change to what the reference index must know: which repositories an installation covers and
 * what their default branches contain. `changedPaths: null` means "rescan the repository" (GitHub
 * lists at most 20 commits in a push). `relist: true` means the payload's list may be partial:
 * list the installation's repositories through the API.
 */
export type IndexUpdate = { installationId: number; deliveryId: string; receivedAt: string } & (
  | {
      kind: "repository-pushed";
      repository: string;
      /** The default branch's head before and after the push (a gap means a lost push). */
      before: string;
      after: string;
      changedPaths: string[] | null;
    }
  | { kind: "repositories-added"; repositories: string[]; relist: boolean }
  | { kind: "repositories-removed"; repositories: string[]; wholeInstallation: boolean }
);

export type IndexOutcome =
  | { kind: "index"; update: IndexUpdate }
  | { kind: "ignored"; reason: string }
  | { kind: "invalid"; reason: string };

const installation = z.object({ id: z.number() });
const repo = z.object({ full_name: z.string() });
const commit = z.object({
  added: z.array(z.string()).optional(),
  modified: z.array(z.string()).optional(),
  removed: z.array(z.string()).optional(),
});
const push = z.object({
  ref: z.string(),
  before: z.string(),
  after: z.string(),
  deleted: z.boolean().optional(),
  installation: installation.nullish(),
  repository: z.object({ full_name: z.string(), default_branch: z.string() }),
  commits: z.array(commit).optional(),
});
const installationEvent = z.object({
  action: z.string(),
  installation,
  repositories: z.array(repo).optional(),
});
const installationRepositories = z.object({
  action: z.string(),
  installation,
  repository_selection: z.string().optional(),
  repositories_added: z.array(repo),
  repositories_removed: z.array(repo),
});

/** GitHub lists at most this many commits in a push payload. */
const pushCommitCap = 20;

/** `push` (to the default branch), `installation`, `installation_repositories`. */
export function normalizeIndexEvent(delivery: GithubDelivery): IndexOutcome {
  const base = { deliveryId: delivery.deliveryId, receivedAt: delivery.receivedAt };
  switch (delivery.event) {
    case "push": {
      const p = parseBody(push, delivery.payload);
      if (!p.ok) return { kind: "invalid", reason: p.error };
      const { ref, before, after, deleted, repository, commits } = p.value;
      if (!p.value.installation) return { kind: "ignored", reason: "push without an installation" };
      if (ref !== `refs/heads/${repository.default_branch}`)
        return {
          kind: "ignored",
          reason: `push to ${JSON.stringify(ref)}, not the default branch`,
        };
      if (deleted) return { kind: "ignored", reason: "default branch deleted" };
      const list = commits ?? [];
      const changed =
        list.length >= pushCommitCap
          ? null
          : [
              ...new Set(
                list.flatMap((c) => [
                  ...(c.added ?? []),
                  ...(c.modified ?? []),
                  ...(c.removed ?? []),
                ]),
              ),
            ].sort();
      return {
        kind: "index",
        update: {
          ...base,
          kind: "repository-pushed",
          installationId: p.value.installation.id,
          repository: repository.full_name,
          before,
          after,
          changedPaths: changed,
        },
      };
    }
    case "installation": {
      const p = parseBody(installationEvent, delivery.payload);
      if (!p.ok) return { kind: "invalid", reason: p.error };
      const { action, installation: inst, repositories } = p.value;
      const names = (repositories ?? []).map((r) => r.full_name);
      if (action === "created" || action === "unsuspend" || action === "new_permissions_accepted") {
        return {
          kind: "index",
          update: {
            ...base,
            kind: "repositories-added",
            installationId: inst.id,
            repositories: names,
            relist: true,
          },
        };
      }
      if (action === "deleted" || action === "suspend") {
        return {
          kind: "index",
          update: {
            ...base,
            kind: "repositories-removed",
            installationId: inst.id,
            repositories: names,
            wholeInstallation: true,
          },
        };
      }
      return {
        kind: "ignored",
        reason: `installation action ${JSON.stringify(action)} is not used`,
      };
    }
    case "installation_repositories": {
      const p = parseBody(installationRepositories, delivery.payload);
      if (!p.ok) return { kind: "invalid", reason: p.error };
      const { action, installation: inst, repositories_added, repositories_removed } = p.value;
      if (action === "added") {
        return {
          kind: "index",
          update: {
            ...base,
            kind: "repositories-added",
            installationId: inst.id,
            repositories: repositories_added.map((r) => r.full_name),
            relist: false,
          },
        };
      }
      if (action === "removed") {
        return {
          kind: "index",
          update: {
            ...base,
            kind: "repositories-removed",
            installationId: inst.id,
            repositories: repositories_removed.map((r) => r.full_name),
            wholeInstallation: false,
          },
        };
      }
      return {
        kind: "ignored",
        reason: `installation_repositories action ${JSON.stringify(action)} is not used`,
      };
    }
    default:
      return {
        kind: "ignored",
        reason: `GitHub event ${JSON.stringify(delivery.event)} does not touch the index`,
      };
  }
}
