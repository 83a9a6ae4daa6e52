import { generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";
import { Probot, type ApplicationFunction, type ApplicationFunctionOptions } from "probot";
import { TEST_APP_ID, ValidatedProbotOctokit } from "./octokit.js";

export {
  createTestOctokit,
  GitHubWouldRejectError,
  TEST_APP_ID,
  type TestOctokit,
} from "./octokit.js";

/** The test GitHub App's key pair, made once per process (the simulator can verify its JWTs). */
const keys = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
});
export const TEST_PRIVATE_KEY: string = keys.privateKey;
export const TEST_PUBLIC_KEY: string = keys.publicKey;
export const TEST_WEBHOOK_SECRET = "test-webhook-secret";

type Handler = Parameters<ApplicationFunctionOptions["addHandler"]>[0];

export interface TestProbotOptions {
  /** REST base URL; default `https://api.github.com` (nock). Point it at the simulator for e2e. */
  baseUrl?: string;
  /** Webhook secret; default TEST_WEBHOOK_SECRET. */
  secret?: string;
  /** Logger; default a silent one. `captureLog()` gives one whose records a test can read. */
  log?: Logger;
  /** Receives the HTTP handlers the app registers with `addHandler` (e.g. `/healthz`). */
  addHandler?: (handler: Handler) => void;
}

/** Constructor options for a Probot wired for tests (also what `Server` needs as `Probot`). */
export function testProbotOptions(options: TestProbotOptions = {}) {
  return {
    appId: TEST_APP_ID,
    privateKey: TEST_PRIVATE_KEY,
    secret: options.secret ?? TEST_WEBHOOK_SECRET,
    Octokit: ValidatedProbotOctokit,
    log: options.log ?? silentLog(),
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
  };
}

/**
 * A Probot for tests: throttling and retries off, a generated private key, and every request its
 * Octokits make validated against GitHub's descriptions (a violation throws and fails the test).
 * With `appFn`, the app is loaded; its HTTP handlers go to `options.addHandler` when given.
 */
export async function createTestProbot(
  appFn?: ApplicationFunction,
  options: TestProbotOptions = {},
): Promise<Probot> {
  const probot = new Probot(testProbotOptions(options));
  if (appFn) {
    const addHandler = options.addHandler ?? (() => undefined);
    await probot.load(appFn, { cwd: process.cwd(), addHandler });
  }
  return probot;
}

/** A Probot class with the test options baked in, for `new Server({ Probot: ... })`. */
export function testProbotClass(options: TestProbotOptions = {}): typeof Probot {
  return Probot.defaults(testProbotOptions(options));
}

export interface LogRecord {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A pino logger that keeps its records in memory, so a test can assert what was logged. */
export function captureLog(level: pino.LevelWithSilent = "debug"): {
  log: Logger;
  records: LogRecord[];
} {
  const records: LogRecord[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n"))
        if (line.trim()) records.push(JSON.parse(line) as LogRecord);
      done();
    },
  });
  return { log: pino({ level }, sink), records };
}

function silentLog(): Logger {
  return pino({ level: "silent" });
}
