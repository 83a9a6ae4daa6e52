import { randomBytes } from "node:crypto";
import { zipSync } from "fflate";
import type { SimState } from "./state.js";
import type { RepoRecord } from "./types.js";

/** A finished GitHub Actions workflow run, as far as bumpwarden looks at one. */
export interface WorkflowRunRecord {
  id: number;
  repoId: number;
  name: string;
  /** `.github/workflows/build.yml` */
  path: string;
  headBranch: string;
  headSha: string;
  /** What started it: `push`, `workflow_dispatch`, `pull_request`, ... */
  event: string;
  conclusion: "success" | "failure" | "cancelled" | "skipped" | "timed_out";
  runNumber: number;
  runAttempt: number;
  createdAt: string;
  updatedAt: string;
}

export interface ArtifactRecord {
  id: number;
  runId: number;
  repoId: number;
  name: string;
  /** The zip GitHub serves for it (actions/upload-artifact zips the uploaded files). */
  zip: Buffer;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

/** A short-lived, pre-signed download (GitHub's artifact redirect target: no auth, one minute). */
export interface BlobGrant {
  data: Buffer;
  contentType: string;
  expiresAt: number;
}

export class ActionsState {
  readonly runs = new Map<number, WorkflowRunRecord>();
  readonly artifacts = new Map<number, ArtifactRecord>();
  readonly blobs = new Map<string, BlobGrant>();
  readonly #runNumbers = new Map<number, number>();

  nextRunNumber(repoId: number): number {
    const n = (this.#runNumbers.get(repoId) ?? 0) + 1;
    this.#runNumbers.set(repoId, n);
    return n;
  }

  /** A URL path (outside the API) that serves `data` without credentials until it expires. */
  grant(data: Buffer, contentType: string, now: Date, ttlMs = 60_000): string {
    const token = randomBytes(16).toString("hex");
    this.blobs.set(token, { data, contentType, expiresAt: now.getTime() + ttlMs });
    return `/_blobs/${token}`;
  }
}

export interface WorkflowRunInput {
  name?: string;
  path?: string;
  headSha?: string;
  headBranch?: string;
  event?: string;
  conclusion?: WorkflowRunRecord["conclusion"];
  /** Artifacts uploaded by the run: name → files (path → content), zipped as upload-artifact does. */
  artifacts?: Record<string, Record<string, string | Buffer>>;
  /** Days until the artifacts expire (GitHub's default retention: 90); 0 = already expired. */
  retentionDays?: number;
}

/** Records a completed run (and its artifacts) of `repo`; the head defaults to the default branch's. */
export function createWorkflowRun(
  state: SimState,
  repo: RepoRecord,
  input: WorkflowRunInput,
): WorkflowRunRecord {
  const now = state.now();
  const created = state.timestamp();
  const run: WorkflowRunRecord = {
    id: state.nextId(),
    repoId: repo.id,
    name: input.name ?? "build",
    path: input.path ?? ".github/workflows/build.yml",
    headBranch: input.headBranch ?? repo.defaultBranch,
    headSha:
      input.headSha ??
      repo.refs.get(`refs/heads/${input.headBranch ?? repo.defaultBranch}`) ??
      "0".repeat(40),
    event: input.event ?? "push",
    conclusion: input.conclusion ?? "success",
    runNumber: state.actions.nextRunNumber(repo.id),
    runAttempt: 1,
    createdAt: created,
    updatedAt: created,
  };
  state.actions.runs.set(run.id, run);
  const retention = input.retentionDays ?? 90;
  for (const [name, files] of Object.entries(input.artifacts ?? {})) {
    const entries = Object.fromEntries(
      Object.entries(files).map(([path, content]) => [
        path,
        typeof content === "string" ? Buffer.from(content, "utf8") : content,
      ]),
    );
    const artifact: ArtifactRecord = {
      id: state.nextId(),
      runId: run.id,
      repoId: repo.id,
      name,
      zip: Buffer.from(zipSync(entries)),
      createdAt: created,
      expiresAt: new Date(now.getTime() + retention * 86_400_000)
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z"),
      expired: retention <= 0,
    };
    state.actions.artifacts.set(artifact.id, artifact);
  }
  return run;
}
