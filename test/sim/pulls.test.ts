import { afterEach, describe, expect, test } from "vitest";
import { closeClean, status, type World, world } from "./helpers.js";

const lines = Array.from({ length: 40 }, (_, i) => `  key${i + 1}: value${i + 1}`);
const VALUES = `image:\n${lines.join("\n")}\n`;
const FILES = { "charts/api/values.yaml": VALUES, "README.md": "# gitops\n" };
const PATH = "charts/api/values.yaml";

let w: World;
afterEach(() => closeClean(w));

/** A PR whose only change is line 21 of values.yaml (so the diff shows lines 18-24). */
async function openBump(): Promise<number> {
  w.sim.human.push(w.full, "bumpwarden/staging/acme-api", {
    [PATH]: VALUES.replace("value20\n", "value20-bumped\n"),
  });
  const { data } = await w.octokit.rest.pulls.create({
    ...w.repo,
    head: "bumpwarden/staging/acme-api",
    base: "main",
    title: "chore(deps): bump acme/api to 1.8.0 in staging",
    body: "body",
  });
  return data.number;
}

describe("pull requests over REST", () => {
  test("create, list by head, files with a real patch, commits, update, merge", async () => {
    w = await world(FILES);
    const number = await openBump();
    const listed = await w.octokit.rest.pulls.list({
      ...w.repo,
      head: "acme:bumpwarden/staging/acme-api",
      state: "open",
    });
    expect(listed.data.map((p) => p.number)).toEqual([number]);
    expect(
      (await w.octokit.rest.pulls.list({ ...w.repo, head: "acme:other", state: "all" })).data,
    ).toEqual([]);
    const files = await w.octokit.rest.pulls.listFiles({ ...w.repo, pull_number: number });
    expect(files.data.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      [PATH, "modified", 1, 1],
    ]);
    expect(files.data[0]?.patch).toBe(
      "@@ -18,7 +18,7 @@ image:\n   key17: value17\n   key18: value18\n   key19: value19\n-  key20: value20\n+  key20: value20-bumped\n   key21: value21\n   key22: value22\n   key23: value23",
    );
    expect(
      (await w.octokit.rest.pulls.listCommits({ ...w.repo, pull_number: number })).data,
    ).toHaveLength(1);
    expect(
      await status(
        w.octokit.rest.pulls.create({
          ...w.repo,
          head: "bumpwarden/staging/acme-api",
          base: "main",
          title: "dup",
        }),
      ),
    ).toBe(422);

    await w.octokit.rest.pulls.update({
      ...w.repo,
      pull_number: number,
      title: "chore(deps): bump acme/api to 1.9.0 in staging",
    });
    await w.octokit.rest.issues.addLabels({
      ...w.repo,
      issue_number: number,
      labels: ["dependencies"],
    });
    w.sim.human.setPermission(w.full, "alice", "write");
    await w.octokit.rest.pulls.requestReviewers({
      ...w.repo,
      pull_number: number,
      reviewers: ["alice"],
    });
    const pr = (await w.octokit.rest.pulls.get({ ...w.repo, pull_number: number })).data;
    expect(pr).toMatchObject({
      title: "chore(deps): bump acme/api to 1.9.0 in staging",
      mergeable: true,
      mergeable_state: "clean",
      changed_files: 1,
      commits: 1,
      labels: [{ name: "dependencies" }],
      requested_reviewers: [{ login: "alice" }],
      user: { login: "bumpwarden[bot]", type: "Bot" },
    });

    const merge = await w.octokit.rest.pulls.merge({
      ...w.repo,
      pull_number: number,
      merge_method: "squash",
      sha: pr.head.sha,
    });
    expect(merge.data.merged).toBe(true);
    expect(w.sim.human.readFile(w.full, "main", PATH)).toContain("value20-bumped");
    const after = (await w.octokit.rest.pulls.get({ ...w.repo, pull_number: number })).data;
    expect(after).toMatchObject({
      state: "closed",
      merged: true,
      merge_commit_sha: merge.data.sha,
    });
  });

  test("a human push to the base that conflicts makes the PR unmergeable; closing then deleting the branch keeps it closed", async () => {
    w = await world(FILES);
    const number = await openBump();
    w.sim.human.push(w.full, "main", { [PATH]: VALUES.replace("value20\n", "value20-human\n") });
    expect((await w.octokit.rest.pulls.get({ ...w.repo, pull_number: number })).data).toMatchObject(
      { mergeable: false, mergeable_state: "dirty" },
    );
    expect(await status(w.octokit.rest.pulls.merge({ ...w.repo, pull_number: number }))).toBe(405);
    await w.octokit.rest.pulls.update({ ...w.repo, pull_number: number, state: "closed" });
    await w.octokit.rest.git.deleteRef({ ...w.repo, ref: "heads/bumpwarden/staging/acme-api" });
    expect(
      await status(w.octokit.rest.pulls.update({ ...w.repo, pull_number: number, state: "open" })),
    ).toBe(422);
  });

  test("review comments must be on lines of the diff, exactly as GitHub checks them", async () => {
    w = await world(FILES);
    const number = await openBump();
    const review = (comments: Array<Record<string, unknown>>) =>
      w.octokit.rest.pulls.createReview({
        ...w.repo,
        pull_number: number,
        event: "COMMENT",
        body: "bumpwarden review",
        comments: comments as never,
      });

    await expect(
      review([{ path: PATH, line: 30, side: "RIGHT", body: "outside" }]),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: "Validation Failed",
          errors: [
            {
              field: "pull_request_review_thread.line",
              message: "pull_request_review_thread.line must be part of the diff",
            },
          ],
        },
      },
    });
    expect(await status(review([{ path: "README.md", line: 1, body: "file not in the PR" }]))).toBe(
      422,
    );
    expect(
      await status(
        review([{ path: PATH, start_line: 17, line: 21, body: "starts before the hunk" }]),
      ),
    ).toBe(422);
    expect(
      await status(
        review([{ path: PATH, line: 21, side: "LEFT", body: "deleted line on the left" }]),
      ),
    ).toBe(200);
    // All-or-nothing: nothing from the rejected reviews was kept.
    expect(
      (await w.octokit.rest.pulls.listReviewComments({ ...w.repo, pull_number: number })).data,
    ).toHaveLength(1);

    const ok = await review([
      { path: PATH, line: 21, side: "RIGHT", body: "the bumped line" },
      { path: PATH, start_line: 19, line: 23, body: "a context range" },
      { path: PATH, position: 1, body: "by position" },
    ]);
    expect(ok.data.state).toBe("COMMENTED");
    const comments = (
      await w.octokit.rest.pulls.listCommentsForReview({
        ...w.repo,
        pull_number: number,
        review_id: ok.data.id,
      })
    ).data;
    expect(comments.map((c) => [c.line, c.start_line ?? null, c.position])).toEqual([
      [21, null, 5],
      [23, 19, 7],
      [18, null, 1],
    ]);
    expect(comments[0]?.diff_hunk).toBe(
      "@@ -18,7 +18,7 @@ image:\n   key17: value17\n   key18: value18\n   key19: value19\n-  key20: value20\n+  key20: value20-bumped",
    );
    const reply = await w.octokit.rest.pulls.createReplyForReviewComment({
      ...w.repo,
      pull_number: number,
      comment_id: comments[0]?.id ?? 0,
      body: "fixed",
    });
    expect(reply.data.in_reply_to_id).toBe(comments[0]?.id);
    expect(
      await status(
        w.octokit.rest.pulls.createReview({ ...w.repo, pull_number: number, event: "APPROVE" }),
      ),
    ).toBe(422);
  });
});
