import type { z } from "zod";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";

/** Parses a body with a zod schema; a failure is one readable sentence naming the field. */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
): Result<z.infer<S>, string> {
  const result = schema.safeParse(body);
  if (result.success) return ok(result.data);
  const first = result.error.issues[0];
  const where = first && first.path.length > 0 ? first.path.join(".") : "body";
  return err(`${where}: ${first?.message ?? "does not match the expected shape"}`);
}
