import { z } from "zod";
import { parseDuration } from "../core/config/duration.js";

/**
 * Process-level settings, read once from the environment at start-up. Every variable here is
 * listed with a comment in `.env.example`. Probot reads its own (APP_ID, PRIVATE_KEY,
 * WEBHOOK_SECRET, GHE_HOST, ...) itself.
 */
/** An unset variable and `NAME=` (as copied from `.env.example`) mean the same: use the default. */
const unsetIfEmpty = (v: unknown) => (v === "" ? undefined : v);

const jsonOf = <T extends z.ZodType>(schema: T) =>
  z
    .preprocess(unsetIfEmpty, z.string().optional())
    .transform((text, ctx): z.infer<T> | undefined => {
      if (text === undefined) return undefined;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        ctx.addIssue({
          code: "custom",
          message: `not JSON: ${e instanceof Error ? e.message : String(e)}`,
        });
        return z.NEVER;
      }
      const parsed = schema.safeParse(value);
      if (parsed.success) return parsed.data as z.infer<T>;
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: "custom", message: `${issue.path.join(".")}: ${issue.message}` });
      return z.NEVER;
    });

const settingsSchema = z.object({
  REDIS_URL: z.preprocess(unsetIfEmpty, z.string().url().optional()),
  LOG_LEVEL: z.preprocess(
    unsetIfEmpty,
    z.enum(["trace", "debug", "info", "warn", "error", "fatal"]).default("info"),
  ),
  // Registry webhook endpoints (docs/webhooks.md): a JSON array inline, or a JSON file.
  BUMPWARDEN_REGISTRY_ENDPOINTS: z.preprocess(unsetIfEmpty, z.string().optional()),
  BUMPWARDEN_REGISTRY_ENDPOINTS_FILE: z.preprocess(unsetIfEmpty, z.string().optional()),
  // Queue and workers.
  BUMPWARDEN_QUEUE_PREFIX: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^[\w.-]+$/)
      .default("bumpwarden"),
  ),
  BUMPWARDEN_QUEUE_CONCURRENCY: z.preprocess(
    unsetIfEmpty,
    z.coerce.number().int().min(1).max(64).default(4),
  ),
  BUMPWARDEN_JOB_MAX_ATTEMPTS: z.preprocess(
    unsetIfEmpty,
    z.coerce.number().int().min(1).max(50).default(6),
  ),
  // Backoff between attempts: doubles from the base, capped at the max (a longer Retry-After wins).
  BUMPWARDEN_JOB_RETRY_BASE_MS: z.preprocess(
    unsetIfEmpty,
    z.coerce.number().int().min(1).max(600_000).default(1_000),
  ),
  BUMPWARDEN_JOB_RETRY_MAX_MS: z.preprocess(
    unsetIfEmpty,
    z.coerce.number().int().min(1).max(3_600_000).default(600_000),
  ),
  BUMPWARDEN_SHUTDOWN_GRACE_MS: z.preprocess(
    unsetIfEmpty,
    z.coerce.number().int().min(0).max(600_000).default(25_000),
  ),
  // Reconcile timer: how often lost webhooks are replayed ("0" turns it off).
  BUMPWARDEN_RECONCILE_INTERVAL: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .refine((v) => v === "0" || parseDuration(v) !== undefined, "a duration such as 30m, or 0")
      .default("30m")
      .transform((v) => (v === "0" ? 0 : (parseDuration(v) ?? 0))),
  ),
  // Which successful workflow runs mean "an image was pushed" (docs/webhooks.md#workflow-runs).
  BUMPWARDEN_WORKFLOW_RUN: jsonOf(
    z.union(
      [
        z
          .object({
            workflows: z.array(z.string()).optional(),
            image: z.string().min(1),
            tag: z.string().min(1),
          })
          .strict(),
        z
          .object({ workflows: z.array(z.string()).optional(), artifact: z.string().min(1) })
          .strict(),
      ],
      {
        error: 'expected {"image","tag"} templates or {"artifact"}, each with optional "workflows"',
      },
    ),
  ),
  // Registry host → host to read it from instead (a pull-through mirror), as JSON.
  BUMPWARDEN_REGISTRY_MIRRORS: jsonOf(z.record(z.string(), z.string())),
  // Sigstore trusted_root.json for keyless verification (docs/registries.md#keyless); read at start-up.
  BUMPWARDEN_SIGSTORE_TRUSTED_ROOT: z.preprocess(unsetIfEmpty, z.string().optional()),
  // Hosts spoken to over plain HTTP (comma-separated); never in production.
  BUMPWARDEN_INSECURE_REGISTRIES: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((h) => h.trim())
          .filter(Boolean),
      ),
  ),
});

export type Settings = z.infer<typeof settingsSchema>;

export function readSettings(env: Record<string, string | undefined>): Settings {
  const result = settingsSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  throw new Error(`invalid environment: ${problems}`);
}
