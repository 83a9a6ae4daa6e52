/**
 * Structured-log conventions (docs/operations.md#logs). Every line about a delivery or a job
 * carries these fields, so one `deliveryId` or `repo` filter shows the whole story:
 *
 * - `deliveryId`: `X-GitHub-Delivery` for GitHub events (Probot's `context.log` also has it as
 *   `id`), the registry delivery's id (or semantic key) for registry webhooks and their jobs.
 * - `installationId`: the GitHub App installation the work runs as.
 * - `repo`: `owner/name` of the repository read or written.
 * - `image`: the image repository (`ghcr.io/acme/api`), with `:tag` when one is known.
 * - `pr`: pull request number; `job`: queue job id.
 *
 * Messages are constant strings ("bump pull request opened"); data goes in fields, never in the
 * message. Secrets, tokens and webhook bodies are never logged.
 */
export interface LogFields {
  deliveryId?: string | undefined;
  installationId?: number | undefined;
  repo?: string | undefined;
  image?: string | undefined;
  pr?: number | undefined;
  job?: string | undefined;
}

/** What pino's (and Probot's) loggers have in common: `child(bindings)`. */
export interface ChildLogger<L> {
  child(bindings: Record<string, unknown>): L;
}

/** A child logger carrying `fields`; unset fields are left out rather than logged as undefined. */
export function withLogFields<L extends ChildLogger<L>>(log: L, fields: LogFields): L {
  const bindings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) bindings[key] = value;
  return log.child(bindings);
}

/** The fields of a GitHub webhook delivery: its id, installation and repository. */
export function eventLogFields(event: { id: string; payload: unknown }): LogFields {
  const payload = isRecord(event.payload) ? event.payload : {};
  const installation = isRecord(payload.installation) ? payload.installation.id : undefined;
  const repository = isRecord(payload.repository) ? payload.repository.full_name : undefined;
  const pull = isRecord(payload.pull_request) ? payload.pull_request.number : undefined;
  return {
    deliveryId: event.id,
    installationId: typeof installation === "number" ? installation : undefined,
    repo: typeof repository === "string" ? repository : undefined,
    pr: typeof pull === "number" ? pull : undefined,
  };
}

/** Probot handlers: `const log = eventLog(context)` logs with delivery, installation, repo and PR. */
export function eventLog<L extends ChildLogger<L>>(context: {
  id: string;
  payload: unknown;
  log: L;
}): L {
  return withLogFields(context.log, eventLogFields(context));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
