import nock from "nock";
import { afterEach, beforeAll, expect } from "vitest";
import { takeRequestViolations } from "./harness/violations.js";

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
