import { z } from "zod";
import { buildImage } from "./build-image.js";
import { collect } from "./collect.js";
import type { GithubDelivery } from "./ghcr.js";
import type { NormalizeOutcome } from "./outcome.js";
import { ignored, invalid } from "./outcome.js";
import { parseBody } from "./parse-body.js";
import { expandTemplate } from "./template.js";

/**
 * Which successful workflow runs mean "an image was pushed", and how to name it. Either templates
 * (`image: ghcr.io/{owner}/{repo}`, `tag: sha-{short_sha}`), or the artifact convention: the
 * workflow uploads an artifact named `artifact` holding `image.json` in the generic format, read
 * by a worker (Actions job outputs are not readable through the API, artifacts are).
 */
export type WorkflowRunTrigger = {
  /** Workflow file paths (`.github/workflows/build.yml`) or names; empty or absent: any workflow. */
  workflows?: readonly string[] | undefined;
} & ({ image: string; tag: string } | { artifact: string });

/** The worker downloads `artifactName` from the run and reads it with `parseImageArtifact`. */
export interface WorkflowArtifactRequest {
  installationId: number | null;
  owner: string;
  repo: string;
  runId: number;
  headSha: string;
  artifactName: string;
  deliveryId: string;
  receivedAt: string;
}

export type WorkflowRunOutcome =
  NormalizeOutcome | { kind: "artifact"; request: WorkflowArtifactRequest };

const account = z.object({ login: z.string() });
const repository = z.object({
  name: z.string(),
  full_name: z.string(),
  default_branch: z.string(),
  owner: account,
});
const payload = z.object({
  action: z.string(),
  installation: z.object({ id: z.number() }).nullish(),
  repository,
  workflow_run: z.object({
    id: z.number(),
    name: z.string().nullish(),
    path: z.string().optional(),
    head_branch: z.string().nullable(),
    head_sha: z.string().regex(/^[0-9a-f]{40}$/, "is not a commit SHA"),
    event: z.string(),
    conclusion: z.string().nullable(),
    run_number: z.number(),
    run_attempt: z.number().optional(),
    head_repository: z.object({ full_name: z.string() }).nullish(),
  }),
});

/** Events a run can start from that build the default branch itself (never a pull request). */
const branchEvents = new Set([
  "push",
  "workflow_dispatch",
  "schedule",
  "repository_dispatch",
  "merge_group",
  "release",
]);

/**
 * `workflow_run` `completed` with `success`, on the default branch of the repository itself (not a
 * fork, not a pull request), of a configured workflow.
 */
export function normalizeWorkflowRun(
  delivery: GithubDelivery,
  trigger: WorkflowRunTrigger,
): WorkflowRunOutcome {
  const parsed = parseBody(payload, delivery.payload);
  if (!parsed.ok) return invalid(parsed.error);
  const { action, repository: repo, workflow_run: run, installation } = parsed.value;
  if (action !== "completed")
    return ignored(`workflow_run action ${JSON.stringify(action)} is not used`);
  if (run.conclusion !== "success")
    return ignored(`workflow run concluded ${JSON.stringify(run.conclusion)}`);
  if (!branchEvents.has(run.event))
    return ignored(`workflow run triggered by ${JSON.stringify(run.event)}`);
  if (run.head_branch !== repo.default_branch)
    return ignored(`workflow run on ${JSON.stringify(run.head_branch)}, not the default branch`);
  if (run.head_repository && run.head_repository.full_name !== repo.full_name)
    return ignored("workflow run of a fork");
  const wanted = trigger.workflows ?? [];
  if (wanted.length > 0 && !wanted.some((w) => w === run.path || w === run.name)) {
    return ignored(
      `workflow ${JSON.stringify(run.path ?? run.name)} is not a configured image build`,
    );
  }

  if ("artifact" in trigger) {
    return {
      kind: "artifact",
      request: {
        installationId: installation?.id ?? null,
        owner: repo.owner.login,
        repo: repo.name,
        runId: run.id,
        headSha: run.head_sha,
        artifactName: trigger.artifact,
        deliveryId: delivery.deliveryId,
        receivedAt: delivery.receivedAt,
      },
    };
  }
  const values: Record<string, string> = {
    sha: run.head_sha,
    short_sha: run.head_sha.slice(0, 7),
    branch: repo.default_branch,
    run_number: String(run.run_number),
    run_id: String(run.id),
    run_attempt: String(run.run_attempt ?? 1),
    owner: repo.owner.login.toLowerCase(),
    repo: repo.name.toLowerCase(),
  };
  const image = expandTemplate(trigger.image, values);
  const tag = expandTemplate(trigger.tag, values);
  if (!image.ok) return invalid(`image template: ${image.error}`);
  if (!tag.ok) return invalid(`tag template: ${tag.error}`);
  return collect(
    [
      buildImage({
        source: "workflow_run",
        name: image.value,
        tag: tag.value,
        digest: null,
        senderId: delivery.deliveryId,
        receivedAt: delivery.receivedAt,
        revision: run.head_sha,
        sourceRepository: `github.com/${repo.full_name}`,
      }),
    ],
    "template gave no tag",
  );
}
