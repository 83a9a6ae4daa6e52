/** The HTTP status of an Octokit RequestError (or anything with a numeric `status`). */
export function statusOf(e: unknown): number | undefined {
  const status =
    typeof e === "object" && e !== null ? (e as { status?: unknown }).status : undefined;
  return typeof status === "number" ? status : undefined;
}
