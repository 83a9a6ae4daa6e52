import { z } from "zod";

/**
 * Process-level settings, read once from the environment at start-up. Every variable here is
 * listed with a comment in `.env.example`. Probot reads its own (APP_ID, PRIVATE_KEY,
 * WEBHOOK_SECRET, GHE_HOST, ...) itself.
 */
const settingsSchema = z.object({
  REDIS_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal"]).default("info"),
});

export type Settings = z.infer<typeof settingsSchema>;

export function readSettings(env: Record<string, string | undefined>): Settings {
  const result = settingsSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  throw new Error(`invalid environment: ${problems}`);
}
