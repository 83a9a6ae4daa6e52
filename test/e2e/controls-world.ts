import type { Probot } from "probot";
import { GitHubDashboardIssues } from "../../src/adapters/github/dashboard-issues.js";
import { MemoryImageIndex } from "../../src/adapters/index-store/memory.js";
import { createMetrics } from "../../src/adapters/metrics/index.js";
import type { Metrics } from "../../src/adapters/metrics/index.js";
import { bumpRepository } from "../../src/app/bump-repo.js";
import type { BumpDeps, BumpOutcome, EvidenceSource } from "../../src/app/bump-repo.js";
import { readIgnoreRules } from "../../src/app/dashboard.js";
import { indexRepository } from "../../src/app/index-repo.js";
import { formatBranch } from "../../src/core/pr/branch.js";
import { registerCommands } from "../../src/drivers/probot/commands.js";
import { registerCommitCheck } from "../../src/drivers/probot/commit-check.js";
import { registerDashboard } from "../../src/drivers/probot/dashboard.js";
import type { ControlsDeps } from "../../src/drivers/worker/services.js";
import { queuedProbot } from "../harness/event-jobs.js";
import { webhookExample } from "../harness/webhooks.js";
import { exampleRepoFiles, gitopsWorld } from "./gitops-world.js";
import type { GitOpsWorld } from "./gitops-world.js";

export const WRITER = "maintainer-mia";
export const READER = "visitor-vic";

export interface ControlsWorld extends GitOpsWorld {
  probot: Probot;
  /** What the jobs recorded (`/metrics`): PRs commands opened, updated, closed; findings. */
  metrics: Metrics;
  /** `probot.receive(event)`, then waits for the jobs it queued. */
  receive(event: Parameters<Probot["receive"]>[0]): Promise<void>;
  deps: BumpDeps;
  now: { value: Date };
  push(tag: string): Promise<BumpOutcome>;
  /** A user comments on a PR and GitHub delivers `issue_comment.created` to the app. */
  comment(number: number, body: string, author?: string, type?: string): Promise<number>;
  /** GitHub delivers `pull_request.<action>` for the PR as it is now. */
  pullRequestEvent(action: string, number: number, extra?: Record<string, unknown>): Promise<void>;
  /** A user edits an issue body and GitHub delivers `issues.edited`. */
  editIssue(number: number, body: string, editor: string): Promise<void>;
  openPull(env: string): {
    number: number;
    title: string;
    body: string | null;
    labels: string[];
    state: string;
  };
  pullNumber(env: string): number;
  reactionsOn(commentId: number): string[];
  /** What the app said on an issue or PR. */
  botComments(number: number): string[];
  dashboard(): { number: number; body: string; labels: string[] } | undefined;
}

/**
 * The example GitOps repository on the simulator with the app's command, commit-check and
 * dashboard handlers loaded in a real Probot, their jobs worked on by the app's worker (each
 * delivery below waits for them). Webhook payloads start from
 * `@octokit/webhooks-examples` and carry the simulator's own objects (as GitHub would send them).
 */
export async function controlsWorld(
  files: Record<string, string> = exampleRepoFiles(),
  options: {
    review?: ControlsDeps["review"];
    /** Registry evidence for bumps (default: none); `image` is the one `push` proposes. */
    evidence?: EvidenceSource;
    image?: string;
  } = {},
): Promise<ControlsWorld> {
  const image = options.image ?? "ghcr.io/acme/api";
  const world = await gitopsWorld(files);
  const now = { value: new Date("2026-11-23T12:00:00Z") };
  const index = new MemoryImageIndex();
  const issues = new GitHubDashboardIssues(world.client);
  const deps: BumpDeps = {
    host: world.host,
    index,
    clock: { now: () => now.value },
    evidence: options.evidence ?? (async () => ({})),
    ignores: (repo) => readIgnoreRules(issues, repo),
  };
  await indexRepository(world.host, index, world.installationId, world.repo);
  const metrics = createMetrics({ processMetrics: false });
  const queued = await queuedProbot(
    (app, queue) => {
      registerCommitCheck(app, queue);
      registerCommands(app, queue);
      registerDashboard(app, queue);
    },
    {
      index,
      clock: deps.clock,
      metrics,
      ...(options.review && { rerunReview: options.review }),
      ...(options.evidence && { evidence: options.evidence }),
    },
    { baseUrl: world.sim.url },
  );
  const { probot, receive } = queued;
  world.sim.human.setPermission(world.full, WRITER, "write");
  world.sim.human.setPermission(world.full, READER, "read");
  const state = () => world.sim.human.repo(world.full);
  const installation = {
    id: world.installationId,
    node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==",
  };
  const rest = async (route: string, params: Record<string, unknown> = {}) =>
    (await world.client.request(route, { owner: "acme", repo: "gitops", ...params }))
      .data as Record<string, unknown>;

  let edits = 0;
  const self: ControlsWorld = {
    ...world,
    probot,
    metrics,
    receive,
    deps,
    now,
    push: (tag) =>
      bumpRepository(
        {
          installationId: world.installationId,
          repo: world.repo,
          repository: image,
          tag,
          digest: null,
        },
        deps,
      ),
    async comment(number, body, author = WRITER, type = "User") {
      const record = world.sim.human.comment(world.full, number, body, author);
      const issue = await rest("GET /repos/{owner}/{repo}/issues/{issue_number}", {
        issue_number: number,
      });
      const comment = await rest("GET /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        comment_id: record.id,
      });
      const example = webhookExample("issue_comment", "created");
      const user = { ...(comment.user as object), type };
      const payload = {
        ...example,
        issue,
        comment: { ...comment, user },
        repository: await rest("GET /repos/{owner}/{repo}"),
        sender: user,
        installation,
      };
      await receive({ id: `comment-${record.id}`, name: "issue_comment", payload } as never);
      return record.id;
    },
    async pullRequestEvent(action, number, extra = {}) {
      const example = webhookExample("pull_request", "opened");
      const pull_request = await rest("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
        pull_number: number,
      });
      const payload = {
        ...example,
        action,
        number,
        pull_request,
        repository: await rest("GET /repos/{owner}/{repo}"),
        sender: pull_request.user,
        installation,
        ...extra,
      };
      await receive({
        id: `pr-${number}-${action}`,
        name: "pull_request",
        payload,
      } as never);
    },
    async editIssue(number, body, editor) {
      const issue = state().issues.get(number);
      if (!issue) throw new Error(`no issue #${number}`);
      const from = issue.body;
      issue.body = body;
      world.sim.state.user(editor, "User");
      const example = webhookExample("issues", "edited");
      const payload = {
        ...example,
        issue: await rest("GET /repos/{owner}/{repo}/issues/{issue_number}", {
          issue_number: number,
        }),
        changes: { body: { from } },
        repository: await rest("GET /repos/{owner}/{repo}"),
        sender: { ...example.sender, login: editor, type: "User" },
        installation,
      };
      edits += 1;
      await receive({ id: `edit-${number}-${edits}`, name: "issues", payload } as never);
    },
    openPull(env) {
      const found = [...state().issues.values()].find(
        (i) =>
          i.isPull &&
          i.state === "open" &&
          state().pulls.get(i.number)?.head ===
            formatBranch({ prefix: "bumpwarden", environment: env, repository: image }),
      );
      if (!found) throw new Error(`no open bump PR for ${env}`);
      return found;
    },
    pullNumber: (env) => self.openPull(env).number,
    reactionsOn: (commentId) =>
      state()
        .issueComments.get(commentId)
        ?.reactions.map((r) => r.content) ?? [],
    botComments: (number) =>
      [...state().issueComments.values()]
        .filter((c) => c.issueNumber === number && c.user.type === "Bot")
        .map((c) => c.body),
    dashboard() {
      const found = [...state().issues.values()].find(
        (i) => !i.isPull && i.labels.includes("bumpwarden:dashboard"),
      );
      return found
        ? { number: found.number, body: found.body ?? "", labels: found.labels }
        : undefined;
    },
  };
  return self;
}
