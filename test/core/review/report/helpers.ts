import { readFileSync } from "node:fs";
import { diffText, formatPatch } from "../../../../sim/github/diff.js";
import { parseConfig } from "../../../../src/core/config/load.js";
import { lint } from "../../../../src/core/review/engine.js";
import type { Finding } from "../../../../src/core/review/finding.js";
import { diffMap } from "../../../../src/core/review/report/diff.js";
import type { FileDiff } from "../../../../src/core/review/report/diff.js";

export const WORKER_PATH = "apps/worker/overlays/dev/worker.yaml";
export const workerYaml = (): string =>
  readFileSync(new URL("./fixtures/worker.yaml", import.meta.url), "utf8");

export const REVIEW_CONFIG =
  'review:\n  allowedRegistries: ["ghcr.io/acme", "docker.io/library"]\n';

export function lintText(path: string, text: string, configText = REVIEW_CONFIG): Finding[] {
  const config = parseConfig(configText);
  if (!config.ok) throw new Error(JSON.stringify(config.error));
  return lint([{ path, text }], { config: config.value }).findings;
}

/** GitHub's `patch` for one file (hunks only, three lines of context), as the simulator makes it. */
export const patchOf = (before: string, after: string): string =>
  formatPatch(diffText(before, after));

export function diffOf(path: string, before: string | null, after: string): Map<string, FileDiff> {
  return diffMap([
    { path, status: before === null ? "added" : "modified", patch: patchOf(before ?? "", after) },
  ]);
}
