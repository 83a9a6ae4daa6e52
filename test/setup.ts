import nock from "nock";
import { afterEach, beforeAll, expect } from "vitest";

// No test talks to the internet. Loopback stays open for the GitHub simulator, the test
// registry and Redis, which are real processes on this machine.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending, "every nock interceptor a test declares must be used").toEqual([]);
});
