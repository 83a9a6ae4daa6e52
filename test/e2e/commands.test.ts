import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseMarker } from "../../src/core/pr/marker.js";
import { controlsWorld, READER, WRITER } from "./controls-world.js";
import type { ControlsWorld } from "./controls-world.js";

let w: ControlsWorld;

beforeEach(async () => {
  w = await controlsWorld();
  await w.push("1.8.0");
});
afterEach(async () => {
  await w.close();
});

const STAGING_BRANCH = "bumpwarden/staging/ghcr.io-acme-api";
const KUSTOMIZATION = "apps/api/overlays/staging/kustomization.yaml";

/** `bumpwarden_pull_requests_total` by action, as the command handlers recorded it. */
async function pullRequestsCounted(): Promise<Record<string, number>> {
  const metric = w.metrics.registry.getSingleMetric("bumpwarden_pull_requests_total");
  return Object.fromEntries(
    ((await metric?.get())?.values ?? []).map((v) => [String(v.labels.action), v.value]),
  );
}

function headOf(branch: string) {
  const repo = w.sim.human.repo(w.full);
  const sha = repo.refs.get(`refs/heads/${branch}`);
  const commit = sha ? repo.git.commit(sha) : undefined;
  if (!sha || !commit) throw new Error(`no branch ${branch}`);
  return { sha, parents: commit.parents, author: commit.author };
}

describe("who may run commands", () => {
  it("runs /rebase for a writer: 👀 then 👍, no answer, the commit rewritten on the new base", async () => {
    const pr = w.pullNumber("staging");
    const newBase = w.sim.human.push(w.full, "main", { "README.md": "docs moved on\n" });
    const id = await w.comment(pr, "/rebase");
    expect(w.reactionsOn(id)).toEqual(["eyes", "+1"]);
    expect(w.botComments(pr)).toEqual([]);
    const head = headOf(STAGING_BRANCH);
    expect(head.parents).toEqual([newBase]);
    expect(w.sim.human.readFile(w.full, STAGING_BRANCH, KUSTOMIZATION)).toContain(
      'newTag: "1.8.0"',
    );
    expect(w.sim.human.readFile(w.full, STAGING_BRANCH, "README.md")).toBe("docs moved on\n");
    expect(w.openPull("staging").number).toBe(pr);
    expect(await pullRequestsCounted()).toEqual({ updated: 1 });
  });

  it("refuses a reader once, politely, and changes nothing", async () => {
    const pr = w.pullNumber("staging");
    const before = headOf(STAGING_BRANCH).sha;
    w.sim.human.push(w.full, "main", { "README.md": "docs moved on\n" });
    const id = await w.comment(pr, "/rebase\n/hold\n/help", READER);
    expect(w.reactionsOn(id)).toEqual(["eyes", "confused"]);
    const answers = w.botComments(pr);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain(`Thanks @${READER}! \`/rebase\` and \`/hold\` need write access`);
    // /help is for anyone: its answer comes in the same comment.
    expect(answers[0]).toContain("| Command | What it does | Who |");
    expect(headOf(STAGING_BRANCH).sha).toBe(before);
    expect(w.openPull("staging").labels).not.toContain("bumpwarden:hold");
  });

  it("lets a login in commands.allow run them without write access", async () => {
    await w.close();
    const files = (await import("./gitops-world.js")).exampleRepoFiles();
    files[".github/bumpwarden.yml"] += `commands:\n  allow: ["@${READER}"]\n`;
    w = await controlsWorld(files);
    await w.push("1.8.0");
    const pr = w.pullNumber("staging");
    const id = await w.comment(pr, "/hold", READER);
    expect(w.reactionsOn(id)).toEqual(["eyes", "+1"]);
    expect(w.openPull("staging").labels).toContain("bumpwarden:hold");
  });

  it("ignores bots (itself included) and edited comments: no reaction, no request", async () => {
    const pr = w.pullNumber("staging");
    w.sim.counts.reset();
    const bot = await w.comment(pr, "/hold", "renovate[bot]", "Bot");
    const self = await w.comment(pr, "/hold", "bumpwarden[bot]", "Bot");
    expect(w.reactionsOn(bot)).toEqual([]);
    expect(w.reactionsOn(self)).toEqual([]);
    // Only the test's own reads of the comment, issue and repository to build the payloads.
    expect(w.sim.counts.snapshot()).toEqual({
      "GET /repos/{owner}/{repo}": 2,
      "GET /repos/{owner}/{repo}/issues/{issue_number}": 2,
      "GET /repos/{owner}/{repo}/issues/comments/{comment_id}": 2,
    });

    const id = w.sim.human.comment(w.full, pr, "/hold", WRITER).id;
    const { webhookExample } = await import("../harness/webhooks.js");
    const edited = webhookExample("issue_comment", "edited");
    await w.receive({
      id: "edited-1",
      name: "issue_comment",
      payload: {
        ...edited,
        issue: { ...edited.issue, number: pr, pull_request: { url: "x" } },
        comment: {
          ...edited.comment,
          id,
          body: "/hold",
          user: { ...edited.comment.user, login: WRITER },
        },
        repository: {
          ...edited.repository,
          name: "gitops",
          owner: { ...edited.repository.owner, login: "acme" },
        },
        installation: { id: w.installationId, node_id: "x" },
      },
    } as never);
    expect(w.reactionsOn(id)).toEqual([]);
    expect(w.openPull("staging").labels).not.toContain("bumpwarden:hold");
  });

  it("leaves PR-only commands on other PRs to other bots, and answers /help there", async () => {
    w.sim.human.push(
      w.full,
      "feature",
      { "docs/x.md": "x\n" },
      { author: WRITER, message: "docs: add x" },
    );
    const pr = w.sim.human.openPullRequest(w.full, {
      head: "feature",
      title: "docs: add x",
      author: WRITER,
    });
    const quiet = await w.comment(pr, "/rebase");
    expect(w.reactionsOn(quiet)).toEqual([]);
    const help = await w.comment(pr, "/help");
    expect(w.reactionsOn(help)).toEqual(["eyes", "+1"]);
    expect(w.botComments(pr)[0]).toContain("On pull requests that bumpwarden opens");
  });

  it("lets a PR's author without write access run /lint on their PR, and nobody else's", async () => {
    w.sim.human.push(
      w.full,
      "visitor",
      { "docs/y.md": "y\n" },
      { author: READER, message: "docs: add y" },
    );
    const own = w.sim.human.openPullRequest(w.full, {
      head: "visitor",
      title: "docs: add y",
      author: READER,
    });
    const allowed = await w.comment(own, "/lint", READER);
    expect(w.reactionsOn(allowed)).toEqual(["eyes", "+1"]);
    w.sim.human.push(
      w.full,
      "other",
      { "docs/z.md": "z\n" },
      { author: WRITER, message: "docs: add z" },
    );
    const theirs = w.sim.human.openPullRequest(w.full, {
      head: "other",
      title: "docs: add z",
      author: WRITER,
    });
    const refused = await w.comment(theirs, "/lint", READER);
    expect(w.reactionsOn(refused)).toEqual(["eyes", "confused"]);
    expect(w.botComments(theirs)).toEqual([
      `Thanks @${READER}! \`/lint\` needs write access to this repository, so I left this pull request as it is. A maintainer can run it for you, or add you to \`commands.allow\` in \`.github/bumpwarden.yml\`.`,
    ]);
  });

  it("answers a typo with a suggestion when the comment holds only commands", async () => {
    const pr = w.pullNumber("staging");
    const id = await w.comment(pr, "/rebsae");
    expect(w.reactionsOn(id)).toEqual(["eyes", "confused"]);
    expect(w.botComments(pr)).toEqual(["I don't know `/rebsae`. Did you mean `/rebase`?"]);
    const prose = await w.comment(pr, "Looks fine to me.\n/rebsae");
    expect(w.reactionsOn(prose)).toEqual([]);
  });
});

describe("/rebase and /recreate", () => {
  it("does not overwrite a person's commit on /rebase, and does on /recreate", async () => {
    const pr = w.pullNumber("staging");
    w.sim.human.push(
      w.full,
      STAGING_BRANCH,
      { "notes.txt": "mine\n" },
      { author: WRITER, message: "chore: notes" },
    );
    const rebase = await w.comment(pr, "/rebase");
    expect(w.reactionsOn(rebase)).toEqual(["eyes", "confused"]);
    expect(w.botComments(pr).at(-1)).toMatch(
      /^I left the branch as it is: .* has commits by maintainer-mia/,
    );
    expect(w.sim.human.readFile(w.full, STAGING_BRANCH, "notes.txt")).toBe("mine\n");

    const recreate = await w.comment(pr, "/recreate");
    expect(w.reactionsOn(recreate)).toEqual(["eyes", "+1"]);
    expect(w.sim.human.readFile(w.full, STAGING_BRANCH, "notes.txt")).toBeUndefined();
    expect(headOf(STAGING_BRANCH).author.name).toBe("bumpwarden[bot]");
    expect(w.openPull("staging").number).toBe(pr);
  });

  it("/recreate on a PR closed without merging proposes its version again", async () => {
    const pr = w.pullNumber("staging");
    w.sim.human.closePullRequest(w.full, pr);
    expect((await w.push("1.8.0")).outcomes.find((o) => o.environment === "staging")?.kind).toBe(
      "skip",
    );
    const id = await w.comment(pr, "/recreate");
    expect(w.reactionsOn(id)).toEqual(["eyes", "+1"]);
    const reopened = w.openPull("staging");
    expect(reopened.number).not.toBe(pr);
    expect(parseMarker(reopened.body)?.tag).toBe("1.8.0");
    expect(w.botComments(pr).at(-1)).toBe(
      `Proposed \`acme/api\` \`1.8.0\` again in #${reopened.number}.`,
    );
    expect(await pullRequestsCounted()).toEqual({ opened: 1 });
  });
});

describe("/promote", () => {
  it("opens the bump for prod now, although staging has not merged", async () => {
    const pr = w.pullNumber("staging");
    expect((await w.push("1.8.0")).outcomes.find((o) => o.environment === "prod")?.kind).toBe(
      "skip",
    );
    const id = await w.comment(pr, "/promote prod");
    expect(w.reactionsOn(id)).toEqual(["eyes", "+1"]);
    const prod = w.openPull("prod");
    expect(prod.title).toBe("chore(deps): bump acme/api to 1.8.0 in prod");
    expect(w.botComments(pr)).toEqual([
      `Promoting \`acme/api\` \`1.8.0\` to prod in #${prod.number}.`,
    ]);
  });

  it("names the configured environments when asked for another", async () => {
    const pr = w.pullNumber("staging");
    await w.comment(pr, "/promote qa");
    expect(w.botComments(pr)).toEqual([
      "There is no environment `qa`; the configured ones are `dev`, `staging`, `prod`.",
    ]);
  });
});
