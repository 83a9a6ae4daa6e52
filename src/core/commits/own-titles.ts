import { DEFAULT_TITLE_MAX, formatBumpTitle } from "../pr/title.js";
import type { BumpTitleParts } from "../pr/title.js";
import { lintMessage } from "./lint.js";
import type { CommitPolicy } from "./policy.js";
import { headerMaxLength } from "./policy.js";

/** GitHub appends " (#N)" to a squash commit's title; PR numbers up to six digits. */
const SQUASH_SUFFIX_ROOM = " (#123456)".length;

/** The longest bump title that still passes `header-max-length` after a squash. */
export function ownTitleMaxLength(policy: CommitPolicy): number {
  const max = headerMaxLength(policy);
  return max === null ? DEFAULT_TITLE_MAX : Math.min(DEFAULT_TITLE_MAX, max - SQUASH_SUFFIX_ROOM);
}

/** The app's bump title for these parts, typed and sized for this policy. */
export function ownTitle(parts: BumpTitleParts, policy: CommitPolicy): string {
  return formatBumpTitle(parts, policy.own, { maxLength: ownTitleMaxLength(policy) });
}

const SAMPLES: BumpTitleParts[] = [
  {
    repository: "ghcr.io/acme/api",
    tag: "1.8.0",
    digest: null,
    environment: "staging",
    digestOnly: false,
  },
  {
    repository: "docker.io/library/nginx",
    tag: "latest",
    digest: "sha256:3f2a9c1d0e4b5a6978877665544332211000ffeeddccbbaa9988776655443322",
    environment: "prod",
    digestOnly: true,
  },
  {
    repository: "registry.example.com:5000/team/web",
    tag: "v2.0.0-rc.1",
    digest: null,
    environment: null,
    digestOnly: false,
  },
];

/**
 * Problems the configured rules would find in the app's own titles, as config problems: a
 * `commits.rules` entry (say `subject-case: [error, always, upper-case]`) can contradict the
 * title format, and the repository owner should hear about it rather than see every bump PR fail.
 */
export async function ownTitleProblems(policy: CommitPolicy): Promise<string[]> {
  if (!policy.enabled) return [];
  const problems: string[] = [];
  for (const parts of SAMPLES) {
    const title = ownTitle(parts, policy);
    const verdict = await lintMessage(`${title} (#123456)`, policy);
    for (const p of verdict.problems)
      if (p.severity === "error")
        problems.push(`bumpwarden's own title "${title}" would fail ${p.rule}: ${p.message}`);
  }
  return [...new Set(problems)];
}
