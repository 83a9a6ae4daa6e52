import { z } from "zod";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";

export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

const statementSchema = z.object({
  _type: z.string(),
  subject: z
    .array(z.object({ name: z.string().optional(), digest: z.record(z.string(), z.string()) }))
    .min(1),
  predicateType: z.string(),
  predicate: z.unknown().optional(),
});
export type InTotoStatement = z.infer<typeof statementSchema>;

export function parseStatement(payload: Uint8Array): Result<InTotoStatement, string> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload).toString("utf8"));
  } catch {
    return err("the in-toto statement is not JSON");
  }
  const parsed = statementSchema.safeParse(json);
  return parsed.success
    ? ok(parsed.data)
    : err("the payload is not an in-toto statement (subject, predicateType)");
}

/** Whether one of the statement's subjects is the image `digest` (`sha256:<hex>`). */
export function statementCovers(statement: InTotoStatement, digest: string): boolean {
  const [algorithm, hex] = digest.split(":");
  if (!algorithm || !hex) return false;
  return statement.subject.some((s) => s.digest[algorithm]?.toLowerCase() === hex.toLowerCase());
}
