import { z } from "zod";
import { commitRulesSchema } from "../commits/rule-schema.js";
import { parseDuration } from "./duration.js";

/**
 * `.github/bumpwarden.yml`: the whole configuration of one repository (design §5).
 * Read from the default branch only, so a pull request cannot weaken its own review.
 * `docs/schema/bumpwarden.schema.json` is generated from this schema.
 */

const envName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,30}$/, "lower-case letters, digits and '-', at most 31 characters");

const duration = z
  .string()
  .refine((s) => parseDuration(s) !== undefined, "a duration such as 30m, 24h or 2d")
  .describe("A duration: 90s, 30m, 24h, 2d, 1w or combinations like 1h30m.");

const glob = z.string().min(1);

export const environmentSchema = z
  .object({
    paths: z
      .array(glob)
      .min(1)
      .describe("Path globs of the files that belong to this environment."),
    requires: envName
      .optional()
      .describe("The environment a tag must have reached (merged, checks green) before this one."),
    soak: duration.optional().describe("How long the tag must have run in `requires` first."),
    automerge: z
      .boolean()
      .optional()
      .describe("Enable GitHub auto-merge on this environment's PRs."),
    labels: z.array(z.string()).optional().describe("Labels added to this environment's bump PRs."),
    reviewers: z
      .array(z.string())
      .optional()
      .describe("Reviewers requested on this environment's bump PRs."),
  })
  .strict();

export const tagPolicySchema = z.union([
  z
    .object({
      semver: z.string().min(1).describe("An npm semver range, e.g. `>=1.0.0 <2.0.0` or `^1`."),
      prerelease: z.boolean().optional().describe("Consider pre-release tags (`1.2.0-rc.1`)."),
    })
    .strict(),
  z
    .object({
      regex: z
        .string()
        .min(1)
        .describe("Tags must match; a named group `extract` (or the first group) is compared."),
      order: z
        .enum(["numerical", "alphabetical", "semver"])
        .default("numerical")
        .describe("How the extracted part is compared."),
    })
    .strict(),
  z
    .object({
      digest: z.literal(true).describe("Track the digest of the tag as written (`latest`)."),
    })
    .strict(),
  z
    .object({
      ci: z
        .string()
        .min(1)
        .describe(
          "Tag template from CI, e.g. `sha-{short_sha}`; ordered by commit order, not lexically.",
        ),
    })
    .strict(),
]);

const cosignSchema = z
  .object({
    key: z.string().optional().describe("Path in the repo (or PEM text) of a cosign public key."),
    keys: z
      .array(z.string())
      .optional()
      .describe("Several cosign public keys (paths or PEM); any one verifying is enough."),
    keyless: z
      .object({
        identity: z.string().describe("Certificate identity (SAN): an e-mail or a workflow URI."),
        issuer: z
          .string()
          .describe("OIDC issuer, e.g. `https://token.actions.githubusercontent.com`."),
      })
      .strict()
      .optional()
      .describe("Sigstore keyless: the certificate identity and OIDC issuer to trust."),
    tlog: z
      .boolean()
      .optional()
      .describe(
        "Key-based signatures and attestations count only with a transparency-log entry that verifies against the app's Sigstore trusted root (as `cosign verify --key` without `--insecure-ignore-tlog`).",
      ),
  })
  .strict();

const severityLimits = z
  .object({
    critical: z.number().int().min(0).optional(),
    high: z.number().int().min(0).optional(),
    medium: z.number().int().min(0).optional(),
    low: z.number().int().min(0).optional(),
    unknown: z.number().int().min(0).optional(),
  })
  .strict();

const gateOutcome = z.enum(["block", "warn", "allow"]);

const provenanceFields = {
  builder: z.array(z.string()).optional().describe("Allowed builder ids (globs)."),
  source: z
    .array(z.string())
    .optional()
    .describe("Allowed source repositories (globs), e.g. `github.com/acme/*`."),
  missing: gateOutcome
    .optional()
    .describe("Without a verified SLSA provenance: block (default), warn or allow."),
};

/**
 * One environment's overrides of an image's gates, and (with keys) the image's gates. No defaults
 * here: an override names only what it changes; `src/core/gates/config.ts` fills the defaults
 * after merging. Keys are image-level only: every environment trusts the same signers.
 */
const gateFields = {
  provenance: z.object(provenanceFields).strict().optional(),
  vulnerabilities: severityLimits
    .extend({
      missing: gateOutcome
        .optional()
        .describe("Without a scan report: block (default), warn or allow."),
    })
    .optional()
    .describe("Most vulnerabilities allowed per severity; an unset severity has no limit."),
  licenses: z
    .object({
      allow: z
        .array(z.string())
        .optional()
        .describe("SPDX ids (globs) allowed; unset allows all but `deny`."),
      deny: z.array(z.string()).optional().describe("SPDX ids (globs) never allowed."),
      missing: gateOutcome.optional().describe("Without an SBOM: block, warn (default) or allow."),
      unknown: gateOutcome
        .optional()
        .describe("Packages without license data: block, warn or allow (default)."),
    })
    .strict()
    .optional(),
  prerelease: gateOutcome
    .optional()
    .describe(
      "Tags with a pre-release part (`1.2.0-rc.1`, `-beta`): block, warn or allow (default allow).",
    ),
  mode: z
    .enum(["block", "warn"])
    .optional()
    .describe(
      "How a failing gate counts: block (default) skips the environment, warn only reports.",
    ),
};

const gatesOverrideSchema = z.object(gateFields).strict();
const gatesSchema = z
  .object({
    ...gateFields,
    keys: z
      .array(z.string())
      .optional()
      .describe(
        "cosign public keys (paths in the repo, or PEM) that sign attestations; default: verify.cosign.",
      ),
    provenance: z
      .object({
        ...provenanceFields,
        key: z
          .string()
          .optional()
          .describe(
            "The only key trusted for provenance (path or PEM), e.g. the SLSA generator's.",
          ),
      })
      .strict()
      .optional(),
  })
  .strict();

export const imageRuleSchema = z
  .object({
    match: z.string().min(1).describe("Image repository glob, e.g. `ghcr.io/acme/*`."),
    policy: tagPolicySchema
      .optional()
      .describe(
        "Which tags count as upgrades. Without one, versions only move forward and CI tags follow pushes.",
      ),
    verify: z
      .object({
        cosign: cosignSchema
          .optional()
          .describe("cosign signatures: a key, several keys, or keyless."),
      })
      .strict()
      .optional()
      .describe("Only propose tags whose signature verifies."),
    gates: gatesSchema
      .extend({ environments: z.record(envName, gatesOverrideSchema).optional() })
      .optional()
      .describe("Supply-chain evidence required before a tag is proposed, per environment."),
    allowIn: z.array(envName).optional().describe("Environments this image may be deployed to."),
    ignore: z.array(z.string()).optional().describe("Tags or semver ranges never to propose."),
  })
  .strict();

export const configSchema = z
  .object({
    _extends: z.string().optional().describe("Inherit from another repo's config, e.g. `.github`."),
    environments: z
      .record(envName, z.union([z.array(glob).min(1), environmentSchema]))
      .optional()
      .describe(
        "Path globs → environment, in promotion order. Inferred from the layout when absent.",
      ),
    images: z
      .array(imageRuleSchema)
      .default([])
      .describe("Rules per image; the first rule whose `match` fits an image applies to it."),
    pullRequests: z
      .object({
        labels: z.array(z.string()).default(["dependencies"]).describe("Labels on every bump PR."),
        reviewers: z.array(z.string()).default([]).describe("Users asked to review bump PRs."),
        teamReviewers: z
          .array(z.string())
          .default([])
          .describe("Teams (slugs) asked to review bump PRs."),
        automerge: z
          .record(envName, z.boolean())
          .default({})
          .describe("Environments whose bump PRs get GitHub auto-merge (merged once checks pass)."),
        automergeMethod: z
          .enum(["MERGE", "SQUASH", "REBASE"])
          .default("SQUASH")
          .describe("Merge method auto-merge uses."),
        commitType: z
          .string()
          .default("chore")
          .describe("Conventional Commits type of bump titles and commits."),
        commitScope: z
          .string()
          .default("deps")
          .describe("Conventional Commits scope of bump titles and commits."),
        digestCommitType: z
          .string()
          .default("fix")
          .describe("Type used when only the digest changes."),
        branchPrefix: z
          .string()
          .default("bumpwarden")
          .describe("Bump branches are `<prefix>/<env>/<image>`."),
      })
      .strict()
      .prefault({})
      .describe("The bump pull requests bumpwarden opens."),
    review: z
      .object({
        enabled: z
          .boolean()
          .default(true)
          .describe("Review manifests and Dockerfiles on every PR."),
        policies: z
          .array(glob)
          .default([])
          .describe(
            "Admission policy files (globs, read from the default branch): VAP, Kyverno, Kubewarden.",
          ),
        mode: z
          .enum(["protect", "monitor"])
          .default("protect")
          .describe(
            "protect fails the check on errors; monitor only reports (caps findings at warning).",
          ),
        rules: z
          .record(z.string(), z.enum(["off", "notice", "warning", "error"]))
          .default({})
          .describe("Severity per rule id or policy name (docs/rules.md)."),
        allowedRegistries: z
          .array(z.string())
          .default([])
          .describe(
            "Registries (host or host/path prefix) images may come from; empty allows all.",
          ),
        requireDigest: z
          .array(envName)
          .default([])
          .describe("Environments where every image must be pinned by digest."),
        maxInlineComments: z
          .number()
          .int()
          .min(0)
          .max(100)
          .default(20)
          .describe("Most inline comments per review; the rest go to the check run."),
        exceptions: z
          .array(
            z
              .object({
                rule: z.string().optional().describe("Rule id the exception silences (glob)."),
                policy: z
                  .string()
                  .optional()
                  .describe("Policy name the exception silences (glob)."),
                name: z.string().optional().describe("Resource name (glob)."),
                namespace: z.string().optional().describe("Resource namespace (glob)."),
                labels: z
                  .record(z.string(), z.string())
                  .optional()
                  .describe("Resource labels that must all match."),
                reason: z.string().min(1).describe("Why: shown next to the silenced finding."),
              })
              .strict(),
          )
          .default([])
          .describe("Findings to silence for chosen resources, each with a reason."),
      })
      .strict()
      .prefault({})
      .describe(
        "Manifest and Dockerfile review on every pull request (docs/rules.md, docs/policies.md).",
      ),
    commits: z
      .object({
        conventional: z
          .boolean()
          .default(true)
          .describe("Check PR titles and commits against Conventional Commits."),
        checkCommits: z
          .boolean()
          .default(true)
          .describe("Check every commit, not only the messages that land on the base branch."),
        types: z
          .array(z.string())
          .optional()
          .describe("Allowed types; default: config-conventional's."),
        scopes: z.array(z.string()).default([]).describe("Allowed scopes; empty allows any."),
        rules: commitRulesSchema.default({}),
      })
      .strict()
      .prefault({})
      .describe("Conventional Commits checks on pull request titles and commits."),
    commands: z
      .object({ allow: z.array(z.string()).default([]).describe("Users allowed besides writers.") })
      .strict()
      .prefault({})
      .describe("Slash commands in pull request comments (docs/commands.md)."),
    dashboard: z
      .object({
        enabled: z
          .boolean()
          .default(true)
          .describe("Keep a dashboard issue listing pending and ignored bumps."),
      })
      .strict()
      .prefault({})
      .describe("The dashboard issue."),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type ImageRule = z.infer<typeof imageRuleSchema>;
export type TagPolicy = z.infer<typeof tagPolicySchema>;
export type EnvironmentConfig = z.infer<typeof environmentSchema>;
export type GatesConfig = NonNullable<ImageRule["gates"]>;
export type GatesOverride = z.infer<typeof gatesOverrideSchema>;
