import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { reviewWorld } from "./review-world.js";
import type { ReviewWorld } from "./review-world.js";

const WORKER = readFileSync(
  new URL("../core/review/report/fixtures/worker.yaml", import.meta.url),
  "utf8",
);

let world: ReviewWorld;
afterEach(async () => {
  await world.close();
});

describe("a large pull request", () => {
  it("caps inline comments at 20, puts the other findings in annotations sent 50 at a time", async () => {
    world = await reviewWorld();
    const files = Object.fromEntries(
      Array.from({ length: 75 }, (_, i) => [
        `apps/worker-${String(i).padStart(2, "0")}/overlays/dev/worker.yaml`,
        WORKER.replace(/worker/g, `worker-${i}`),
      ]),
    );
    const pr = world.openPullRequest("many-workers", files);
    world.sim.counts.reset();
    await world.deliver("opened", pr.number);

    const comments = world.comments(pr.number);
    expect(comments).toHaveLength(20);
    expect(comments.every((c) => c.body.startsWith("**error**"))).toBe(true);
    const counts = world.sim.counts.snapshot();
    expect(counts["POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews"]).toBe(1);
    expect(counts["PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}"]).toBe(6);

    const [run] = world.checkRuns(pr.headSha);
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.title).toBe("150 errors, 150 warnings");
    expect(run?.output.annotations).toHaveLength(280);
    const inline = new Set(comments.map((c) => `${c.path}:${c.line}`));
    expect(run?.output.annotations.filter((a) => inline.has(`${a.path}:${a.start_line}`))).toEqual(
      [],
    );
    expect(run?.output.summary).toContain(
      "280 more on changed lines are annotations: at most 20 inline comments (`review.maxInlineComments`).",
    );

    // Re-run on the same head: the open threads fill the cap, nothing is posted again.
    world.sim.counts.reset();
    await world.rerun(pr.number);
    expect(world.comments(pr.number)).toHaveLength(20);
    expect(
      world.sim.counts.snapshot()["POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews"],
    ).toBeUndefined();
    expect(world.checkRuns(pr.headSha)[1]?.output.annotations).toHaveLength(280);
  });
});
