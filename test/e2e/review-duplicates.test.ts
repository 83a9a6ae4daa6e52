import { afterEach, describe, expect, it } from "vitest";
import { parseFindingMarker } from "../../src/core/review/report/marker.js";
import { reviewWorld } from "./review-world.js";
import type { ReviewWorld } from "./review-world.js";

const PATH = "services/shop/Dockerfile";
/** A build stage on `node:latest`: every copy has the same `FROM` line, so the same finding. */
const stage = (name: string) =>
  `# ${name}\nFROM node:latest\nWORKDIR /src/${name}\nRUN npm ci && npm run build\n\n`;
const dockerfile = (...stages: string[]) =>
  `# syntax=docker/dockerfile:1\n${stages.map(stage).join("")}FROM docker.io/library/node:22-slim@sha256:${"a".repeat(64)}
COPY --from=0 /src/web/dist /app/web
USER node
ENTRYPOINT ["node", "/app/web/server.js"]
`;

let world: ReviewWorld;
afterEach(async () => {
  await world.close();
});

/** The `dockerfile-base-pinned` threads: first comment's line (as posted), commit and state. */
function pinnedThreads(number: number) {
  return world
    .threads(number)
    .map((t) => ({ t, c: world.repo.reviewComments.get(t.commentIds[0] ?? 0) }))
    .filter(({ c }) => c?.body.includes("[dockerfile-base-pinned]"))
    .map(({ t, c }) => ({
      id: t.id,
      line: c?.line,
      commit: c?.commitId,
      resolved: t.resolved,
      fingerprint: parseFindingMarker(c?.body ?? ""),
    }));
}

describe("identical findings on the simulator: one thread each, across pushes", () => {
  it("a copy inserted above an existing finding gets one new comment; the old thread is untouched", async () => {
    world = await reviewWorld();
    const pr = world.openPullRequest("shop-image", { [PATH]: dockerfile("api") });
    await world.deliver("opened", pr.number);
    const [old, ...more] = pinnedThreads(pr.number);
    expect(more).toEqual([]);
    expect(old).toMatchObject({ line: 3, commit: pr.headSha, resolved: false });
    const before = world.comments(pr.number).length;

    const sha = world.push("shop-image", { [PATH]: dockerfile("web", "api") });
    await world.deliver("synchronize", pr.number);

    const now = pinnedThreads(pr.number);
    expect(now).toEqual([old, { ...now[1], line: 3, commit: sha, resolved: false }]);
    expect(now[1]?.fingerprint).toBe(old?.fingerprint);
    expect(world.comments(pr.number)).toHaveLength(before + 1);
    expect(world.threads(pr.number).filter((t) => t.resolved)).toEqual([]);
    expect(world.reviews(pr.number)).toHaveLength(2);
    expect(world.checkRuns(sha)[0]?.output.summary).toContain(
      `Inline comments: 1 new, ${before} already posted.`,
    );

    // The old thread is GitHub's line 8 now; a redelivery changes nothing.
    await world.deliver("synchronize", pr.number);
    expect(world.comments(pr.number)).toHaveLength(before + 1);
  });

  it("removing one of two identical findings resolves exactly the removed line's thread", async () => {
    world = await reviewWorld();
    const pr = world.openPullRequest("shop-image", { [PATH]: dockerfile("web", "api") });
    await world.deliver("opened", pr.number);
    const [web, api] = pinnedThreads(pr.number);
    expect([web?.line, api?.line]).toEqual([3, 8]);
    expect(web?.fingerprint).toBe(api?.fingerprint);
    const comments = world.comments(pr.number);

    const sha = world.push("shop-image", { [PATH]: dockerfile("api") });
    await world.deliver("synchronize", pr.number);

    expect(world.comments(pr.number)).toEqual(comments);
    expect(
      world
        .threads(pr.number)
        .filter((t) => t.resolved)
        .map((t) => t.id),
    ).toEqual([web?.id]);
    expect(pinnedThreads(pr.number).find((t) => t.id === api?.id)?.resolved).toBe(false);
    expect(world.checkRuns(sha)[0]?.output.summary).toContain("0 new");
  });
});
