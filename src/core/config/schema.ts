import { z } from "zod";
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
    paths: z.array(glob).min(1).describe("Path globs of the files that belong to this environment."),
    requires: envName
      .optional()
      .describe("The environment a tag must have reached (merged, checks green) before this one."),
    soak: duration.optional().describe("How long the tag must have run in `requires` first."),
    automerge: z.boolean().optional().describe("Enable GitHub auto-merge on this environment's PRs."),
    labels: z.array(z.string()).optional(),
    reviewers: z.array(z.string()).optional(),
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
      regex: z.string().min(1).describe("Tags must match; a named group `extract` (or the first group) is compared."),
      order: z.enum(["numerical", "alphabetical", "semver"]).default("numerical"),
    })
    .strict(),
  z.object({ digest: z.literal(true).describe("Track the digest of the tag as written (`latest`).") }).strict(),
  z
    .object({
      ci: z
        .string()
        .min(1)
        .describe("Tag template from CI, e.g. `sha-{short_sha}`; ordered by commit order, not lexically."),
    })
    .strict(),
]);

const cosignSchema = z
  .object({
    key: z.string().optional().describe("Path in the repo (or PEM text) of a cosign public key."),
    keys: z.array(z.string()).optional(),
    keyless: z
      .object({ identity: z.string(), issuer: z.string() })
      .strict()
      .optional()
      .describe("Sigstore keyless: the certificate identity and OIDC issuer to trust."),
  })
  .strict();

const severityLimits = z
  .object({
    critical: z.number().int().min(0).optional(),
    high: z.number().int().min(0).optional(),
    medium: z.number().int().min(0).optional(),
    low: z.number().int().min(0).optional(),
  })
  .strict();

const gatesSchema = z
  .object({
    provenance: z
      .object({
        builder: z.array(z.string()).optional().describe("Allowed builder ids (globs)."),
        source: z.array(z.string()).optional().describe("Allowed source repositories (globs)."),
        key: z.string().optional(),
      })
      .strict()
      .optional(),
    vulnerabilities: severityLimits
      .extend({ missing: z.enum(["block", "warn", "allow"]).default("block") })
      .optional(),
    licenses: z
      .object({
        allow: z.array(z.string()).optional(),
        deny: z.array(z.string()).optional(),
        missing: z.enum(["block", "warn", "allow"]).default("warn"),
      })
      .strict()
      .optional(),
    mode: z.enum(["block", "warn"]).default("block"),
  })
  .strict();

export const imageRuleSchema = z
  .object({
    match: z.string().min(1).describe("Image repository glob, e.g. `ghcr.io/acme/*`."),
    policy: tagPolicySchema.optional(),
    verify: z.object({ cosign: cosignSchema.optional() }).strict().optional(),
    gates: gatesSchema
      .extend({ environments: z.record(envName, gatesSchema.partial()).optional() })
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
      .describe("Path globs → environment, in promotion order. Inferred from the layout when absent."),
    images: z.array(imageRuleSchema).default([]),
    pullRequests: z
      .object({
        labels: z.array(z.string()).default(["dependencies"]),
        reviewers: z.array(z.string()).default([]),
        teamReviewers: z.array(z.string()).default([]),
        automerge: z.record(envName, z.boolean()).default({}),
        automergeMethod: z.enum(["MERGE", "SQUASH", "REBASE"]).default("SQUASH"),
        commitType: z.string().default("chore"),
        commitScope: z.string().default("deps"),
        digestCommitType: z.string().default("fix"),
        branchPrefix: z.string().default("bumpwarden"),
      })
      .strict()
      .prefault({}),
    review: z
      .object({
        enabled: z.boolean().default(true),
        policies: z.array(glob).default([]),
        mode: z.enum(["protect", "monitor"]).default("protect"),
        rules: z.record(z.string(), z.enum(["off", "notice", "warning", "error"])).default({}),
        allowedRegistries: z.array(z.string()).default([]),
        requireDigest: z.array(envName).default([]),
        maxInlineComments: z.number().int().min(0).max(100).default(20),
        exceptions: z
          .array(
            z
              .object({
                rule: z.string().optional(),
                policy: z.string().optional(),
                name: z.string().optional(),
                namespace: z.string().optional(),
                labels: z.record(z.string(), z.string()).optional(),
                reason: z.string().min(1),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .prefault({}),
    commits: z
      .object({
        conventional: z.boolean().default(true),
        checkCommits: z.boolean().default(true),
        types: z.array(z.string()).optional(),
        scopes: z.array(z.string()).default([]),
        rules: z.record(z.string(), z.unknown()).default({}),
      })
      .strict()
      .prefault({}),
    commands: z
      .object({ allow: z.array(z.string()).default([]).describe("Users allowed besides writers.") })
      .strict()
      .prefault({}),
    dashboard: z.object({ enabled: z.boolean().default(true) }).strict().prefault({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type ImageRule = z.infer<typeof imageRuleSchema>;
export type TagPolicy = z.infer<typeof tagPolicySchema>;
export type EnvironmentConfig = z.infer<typeof environmentSchema>;
