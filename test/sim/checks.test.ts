import { afterEach, describe, expect, test } from "vitest";
import { status, world, type World } from "./helpers.js";

let w: World;
afterEach(async () => {
  await w.sim.close();
});

const annotation = (i: number) => ({
  path: "clusters/dev/app.yaml",
  start_line: i + 1,
  end_line: i + 1,
  annotation_level: "warning" as const,
  message: `finding ${i}`,
});

describe("check runs and statuses", () => {
  test("annotations are appended 50 per request; 51 in one request is refused as GitHub does", async () => {
    w = await world({ "clusters/dev/app.yaml": "a: 1\n" });
    const head = w.sim.human.push(w.full, "topic", { "clusters/dev/app.yaml": "a: 2\n" });
    const created = await w.octokit.rest.checks.create({
      ...w.repo,
      name: "bumpwarden/review",
      head_sha: head,
      status: "in_progress",
      output: {
        title: "Review",
        summary: "50 findings",
        annotations: Array.from({ length: 50 }, (_, i) => annotation(i)),
      },
    });
    await w.octokit.rest.checks.update({
      ...w.repo,
      check_run_id: created.data.id,
      conclusion: "failure",
      output: {
        title: "Review",
        summary: "60 findings",
        annotations: Array.from({ length: 10 }, (_, i) => annotation(50 + i)),
      },
    });
    const listed = await w.octokit.paginate(w.octokit.rest.checks.listAnnotations, {
      ...w.repo,
      check_run_id: created.data.id,
      per_page: 100,
    });
    expect(listed).toHaveLength(60);

    const tooMany = w.octokit.rest.checks.update({
      ...w.repo,
      check_run_id: created.data.id,
      output: {
        title: "Review",
        summary: "s",
        annotations: Array.from({ length: 51 }, (_, i) => annotation(i)),
      },
    });
    await expect(tooMany).rejects.toMatchObject({ status: 422 });
    // The schema says maxItems 50 as well, so the request is also recorded as invalid.
    expect(w.sim.violations.map((v) => v.problems.join(" "))).toEqual([
      expect.stringContaining("annotations"),
    ]);
  });

  test("a summary over 65,535 characters is refused", async () => {
    w = await world();
    const head = w.sim.human.push(w.full, "topic", { "a.txt": "a\n" });
    const long = w.octokit.rest.checks.create({
      ...w.repo,
      name: "bumpwarden/review",
      head_sha: head,
      conclusion: "neutral",
      output: { title: "t", summary: "x".repeat(65536) },
    });
    await expect(long).rejects.toMatchObject({ status: 422 });
    const ok = await w.octokit.rest.checks.create({
      ...w.repo,
      name: "bumpwarden/review",
      head_sha: head,
      conclusion: "neutral",
      output: { title: "t", summary: "x".repeat(65535) },
    });
    expect(ok.data.status).toBe("completed");
    // GitHub counts bytes too: 22,000 snowmen are 66,000 bytes.
    const wide = w.octokit.rest.checks.create({
      ...w.repo,
      name: "bumpwarden/review",
      head_sha: head,
      conclusion: "neutral",
      output: { title: "t", summary: "☃".repeat(22000) },
    });
    await expect(wide).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          errors: [{ field: "summary", message: "summary exceeds a maximum bytesize of 65535" }],
        },
      },
    });
  });

  test("check runs and suites for a ref, combined status, all settable by a test", async () => {
    w = await world();
    const head = w.sim.human.push(w.full, "topic", { "a.txt": "a\n" });
    w.sim.human.setCheckRun(w.full, "topic", { name: "build", status: "in_progress" });
    await w.octokit.rest.checks.create({
      ...w.repo,
      name: "bumpwarden/review",
      head_sha: head,
      conclusion: "success",
      output: { title: "ok", summary: "no findings" },
    });
    const runs = await w.octokit.rest.checks.listForRef({ ...w.repo, ref: "topic" });
    expect(runs.data.check_runs.map((r) => [r.name, r.status, r.conclusion]).sort()).toEqual([
      ["build", "in_progress", null],
      ["bumpwarden/review", "completed", "success"],
    ]);
    const suites = await w.octokit.rest.checks.listSuitesForRef({ ...w.repo, ref: head });
    expect(suites.data.total_count).toBe(2);
    w.sim.human.setStatus(w.full, head, { context: "ci/legacy", state: "pending" });
    expect(
      (await w.octokit.rest.repos.getCombinedStatusForRef({ ...w.repo, ref: head })).data.state,
    ).toBe("pending");
    w.sim.human.setStatus(w.full, head, { context: "ci/legacy", state: "success" });
    await w.octokit.rest.repos.createCommitStatus({
      ...w.repo,
      sha: head,
      state: "success",
      context: "bumpwarden",
    });
    const combined = (
      await w.octokit.rest.repos.getCombinedStatusForRef({ ...w.repo, ref: "topic" })
    ).data;
    expect([combined.state, combined.total_count]).toEqual(["success", 2]);
    expect(
      await status(
        w.octokit.rest.checks.create({ ...w.repo, name: "x", head_sha: "f".repeat(40) }),
      ),
    ).toBe(422);
  });
});
