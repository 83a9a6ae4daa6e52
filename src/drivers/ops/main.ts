/**
 * The production entry point (the container's ENTRYPOINT): Probot's `run`, as `probot run` does
 * it, with two differences `probot run` cannot make:
 * - a root logger that redacts registry path tokens and credential headers from Probot's access
 *   log (`redactLogOptions`, docs/webhooks.md#logs), and always writes JSON;
 * - an Octokit class that records GitHub rate-limit metrics for every installation.
 * Environment as for `probot run` (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, HOST, PORT, LOG_LEVEL, ...).
 */
import { pino } from "pino";
import { ProbotOctokit, run } from "probot";
import { processMetrics, rateLimitMetricsPlugin } from "../../adapters/metrics/index.js";
import { redactLogOptions } from "../http/log-redaction.js";
import { bumpwarden } from "../probot/app.js";

const levels = ["trace", "debug", "info", "warn", "error", "fatal"];
const level = levels.includes(process.env.LOG_LEVEL ?? "")
  ? (process.env.LOG_LEVEL as string)
  : "info";
const log = pino({ name: "probot", level, redact: redactLogOptions });

await run(bumpwarden, {
  log,
  Octokit: ProbotOctokit.plugin(rateLimitMetricsPlugin(processMetrics())),
});
