import type { Probot } from "probot";
import type { GitHubClient } from "../../src/adapters/github/client.js";
import { MemoryImageIndex } from "../../src/adapters/index-store/memory.js";
import { MemoryQueue } from "../../src/adapters/queue/memory-queue.js";
import type { IngestJobData } from "../../src/drivers/http/jobs.js";
import { instrumentedAuth } from "../../src/drivers/ops/instrument.js";
import type { GitHubJobDeps } from "../../src/drivers/worker/github-jobs.js";
import { createGitHubJobHandler } from "../../src/drivers/worker/github-jobs.js";
import { withGitHubRetryHints } from "../../src/drivers/worker/retry-hint.js";
import { systemClock } from "../../src/ports/clock.js";
import type { DeadLetter, Queue } from "../../src/ports/queue.js";
import { createTestProbot } from "./probot.js";
import type { TestProbotOptions } from "./probot.js";

export interface QueuedProbot {
  probot: Probot;
  queue: Queue<IngestJobData>;
  /** `probot.receive(event)`, then waits until the jobs it queued (and their retries) are done. */
  receive(event: Parameters<Probot["receive"]>[0]): Promise<void>;
  /**
   * Waits until the queue is empty; throws when a job ended in the dead-letter list since the
   * last call (what a handler's throw used to be), unless `allowDeadLetters`.
   */
  idle(options?: { allowDeadLetters?: boolean }): Promise<DeadLetter<IngestJobData>[]>;
}

/**
 * A test Probot whose pull-request and issue handlers (`register(app, queue)`) enqueue jobs on an
 * in-memory queue, worked on by the app's GitHub event worker with per-installation Octokits from
 * `app.auth(id)` — as the app wires them (src/drivers/probot/app.ts), with retries a few
 * milliseconds apart.
 */
export async function queuedProbot(
  register: (app: Probot, queue: Queue<IngestJobData>) => void,
  deps: Partial<Omit<GitHubJobDeps, "queue" | "github" | "log">> = {},
  options: TestProbotOptions = {},
): Promise<QueuedProbot> {
  const queue = new MemoryQueue<IngestJobData>({
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 50 },
  });
  const probot = await createTestProbot((app) => register(app, queue), options);
  const auth = instrumentedAuth((id?: number) => probot.auth(id));
  queue.process(
    withGitHubRetryHints(
      createGitHubJobHandler({
        queue,
        index: deps.index ?? new MemoryImageIndex(),
        clock: deps.clock ?? systemClock,
        github: async (id) => (await auth(id)) as unknown as GitHubClient,
        log: probot.log,
        ...deps,
      }),
    ),
    { concurrency: 4 },
  );
  let seen = 0;
  const idle = async (opts: { allowDeadLetters?: boolean } = {}) => {
    const deadline = Date.now() + 30_000;
    for (let quiet = 0; quiet < 3;) {
      const s = await queue.stats();
      quiet = s.waiting + s.active + s.delayed === 0 ? quiet + 1 : 0;
      if (Date.now() > deadline) throw new Error(`queue still busy: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const dead = await queue.deadLetters(1000);
    const fresh = dead.slice(0, dead.length - seen);
    seen = dead.length;
    if (fresh.length > 0 && !opts.allowDeadLetters)
      throw new Error(`jobs failed: ${fresh.map((d) => `${d.name}: ${d.error}`).join("; ")}`);
    return fresh;
  };
  return {
    probot,
    queue,
    idle,
    async receive(event) {
      await probot.receive(event);
      await idle();
    },
  };
}
