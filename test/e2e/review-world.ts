import { expect } from "vitest";
import { startGitHubSimulator } from "../../sim/github/index.js";
import type { GitHubSimulator } from "../../sim/github/index.js";
import { registerReview } from "../../src/drivers/probot/review.js";
import type { GitHubJobDeps, ReviewJobOptions } from "../../src/drivers/worker/github-jobs.js";
import type { Clock } from "../../src/ports/clock.js";
import { queuedProbot } from "../harness/event-jobs.js";
import { webhookEvent } from "../harness/webhooks.js";
import { exampleRepoFiles } from "./gitops-world.js";

export const REPO = "acme/gitops";

/**
 * The simulator with the app installed on `acme`, the example GitOps repository as `acme/gitops`,
 * and a real Probot running `registerReview` against it, its jobs worked on by the app's worker
 * (every delivery below waits for them). Deliveries are real example payloads
 * from `@octokit/webhooks-examples`, pointed at the simulator's repository, PR and head.
 */
export async function reviewWorld(
  options: {
    files?: Record<string, string>;
    driver?: ReviewJobOptions & { clock?: Clock; metrics?: GitHubJobDeps["metrics"] };
  } = {},
) {
  const sim: GitHubSimulator = await startGitHubSimulator();
  const installation = sim.human.installApp({ account: "acme" });
  const repo = sim.human.createRepo({
    owner: "acme",
    name: "gitops",
    files: options.files ?? exampleRepoFiles(),
  });
  const { clock, metrics, ...review } = options.driver ?? {};
  const app = await queuedProbot(
    registerReview,
    { review, ...(clock && { clock }), ...(metrics && { metrics }) },
    {
      baseUrl: sim.url,
    },
  );
  const head = (number: number): string => {
    const branch = repo.pulls.get(number)?.head;
    return (branch && repo.refs.get(`refs/heads/${branch}`)) || "";
  };

  const world = {
    sim,
    repo,
    installationId: installation.id,
    /** Pushes `files` to a new branch and opens a PR from it; returns its number and head. */
    openPullRequest(
      branch: string,
      files: Record<string, string | null>,
      opts: { draft?: boolean } = {},
    ) {
      sim.human.push(REPO, branch, files, { author: "octocat" });
      const number = sim.human.openPullRequest(REPO, {
        head: branch,
        title: `Change ${branch}`,
        ...opts,
      });
      return { number, headSha: head(number) };
    },
    push(branch: string, files: Record<string, string | null>): string {
      return sim.human.push(REPO, branch, files, { author: "octocat" });
    },
    head,
    /** Delivers `pull_request.<action>` for PR `number` at its current head, through Probot. */
    async deliver(
      action: "opened" | "synchronize" | "reopened" | "ready_for_review",
      number: number,
      sha = head(number),
    ) {
      const event = webhookEvent("pull_request", action);
      const p = event.payload;
      const record = repo.pulls.get(number);
      p.installation = { id: installation.id, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
      p.repository.owner.login = "acme";
      p.repository.name = "gitops";
      p.repository.full_name = REPO;
      p.number = number;
      p.pull_request.number = number;
      p.pull_request.state = "open";
      p.pull_request.draft = record?.draft ?? false;
      p.pull_request.head.sha = sha;
      p.pull_request.head.ref = record?.head ?? "";
      await app.receive(event);
    },
    /** "Re-run" of a check run on PR `number`: `check_run.rerequested`. */
    async rerun(number: number, name = "bumpwarden/review") {
      const event = webhookEvent("check_run", "rerequested");
      const p = event.payload;
      const sha = head(number);
      p.installation = { id: installation.id, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
      p.repository.owner.login = "acme";
      p.repository.name = "gitops";
      p.repository.full_name = REPO;
      p.check_run.name = name;
      p.check_run.head_sha = sha;
      p.check_run.pull_requests = [
        {
          id: 1,
          number,
          url: `${sim.url}/repos/${REPO}/pulls/${number}`,
          head: {
            ref: repo.pulls.get(number)?.head ?? "",
            sha,
            repo: { id: 1, name: "gitops", url: "" },
          },
          base: { ref: "main", sha: "", repo: { id: 1, name: "gitops", url: "" } },
        },
      ];
      await app.receive(event);
    },
    /** Review comments on PR `number`, oldest first. */
    comments(number: number) {
      return [...repo.reviewComments.values()].filter((c) => c.pullNumber === number);
    },
    threads(number: number) {
      return [...repo.threads.values()].filter((t) => t.pullNumber === number);
    },
    reviews(number: number) {
      return [...repo.reviews.values()].filter((r) => r.pullNumber === number);
    },
    /** `bumpwarden/review` check runs on a commit, oldest first. */
    checkRuns(sha: string) {
      return [...repo.checkRuns.values()].filter(
        (r) => r.headSha === sha && r.name === "bumpwarden/review",
      );
    },
    /** Waits for the queued jobs; returns those that failed for good. */
    settle: () => app.idle({ allowDeadLetters: true }),
    async close() {
      expect(sim.violations, "requests GitHub would reject").toEqual([]);
      expect(sim.unhandled, "requests the simulator does not implement").toEqual([]);
      expect(sim.crashes).toEqual([]);
      await sim.close();
    },
  };
  return world;
}

export type ReviewWorld = Awaited<ReturnType<typeof reviewWorld>>;
