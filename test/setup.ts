import nock from "nock";
import { afterEach, beforeAll, expect } from "vitest";
import { randomUUID } from "node:crypto";
import { takeRequestViolations } from "./harness/violations.js";

// Tests that load the app as production does read REDIS_URL from the environment; with Redis on,
// each test file gets its own key prefix so dedupe marks from another run never make a delivery
// look like a duplicate.
process.env.BUMPWARDEN_QUEUE_PREFIX = `bw-test-${randomUUID()}`;

// No test talks to the internet. Loopback stays open for the GitHub simulator, the test
// registry and Redis, which are real processes on this machine.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  const rejected = takeRequestViolations();
  expect(
    rejected,
    "GitHub would reject requests this test made (even if the code caught the error)",
  ).toEqual([]);
  expect(pending, "every nock interceptor a test declares must be used").toEqual([]);
});
