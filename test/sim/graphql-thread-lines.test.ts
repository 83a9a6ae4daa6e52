import { afterEach, describe, expect, test } from "vitest";
import { closeClean, world, type World } from "./helpers.js";

let w: World;
afterEach(() => closeClean(w));

const PATH = "apps/web/deployment.yaml";
const THREADS = `query($n: Int!) { repository(owner: "acme", name: "gitops") { pullRequest(number: $n) { reviewThreads(first: 10) { nodes { line originalLine comments(first: 1) { nodes { body } } } } } } }`;
type Threads = {
  repository: {
    pullRequest: {
      reviewThreads: {
        nodes: Array<{
          line: number | null;
          originalLine: number | null;
          comments: { nodes: Array<{ body: string }> };
        }>;
      };
    };
  };
};

describe("review threads follow their line across pushes, as on GitHub", () => {
  test("a thread's line moves with lines added above; a changed or removed line loses it", async () => {
    w = await world({ "README.md": "# demo\n" });
    const text = ["kind: Deployment", "image: a:latest", "replicas: 1", "image: b:latest", ""];
    w.sim.human.push(w.full, "web", { [PATH]: text.join("\n") }, { author: "octocat" });
    const number = w.sim.human.openPullRequest(w.full, { head: "web", title: "web" });
    await w.octokit.rest.pulls.createReview({
      ...w.repo,
      pull_number: number,
      event: "COMMENT",
      comments: [2, 3, 4].map((line) => ({ path: PATH, line, side: "RIGHT", body: `L${line}` })),
    });
    const lines = async () =>
      (
        await w.octokit.graphql<Threads>(THREADS, { n: number })
      ).repository.pullRequest.reviewThreads.nodes.map((t) => [
        t.comments.nodes[0]?.body,
        t.line,
        t.originalLine,
      ]);
    expect(await lines()).toEqual([
      ["L2", 2, 2],
      ["L3", 3, 3],
      ["L4", 4, 4],
    ]);

    const after = ["# web", "", "kind: Deployment", "image: a:latest", "replicas: 2", ""];
    w.sim.human.push(w.full, "web", { [PATH]: after.join("\n") }, { author: "octocat" });
    expect(await lines()).toEqual([
      ["L2", 4, 2],
      ["L3", null, 3],
      ["L4", null, 4],
    ]);
  });
});
