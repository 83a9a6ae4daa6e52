import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { exampleRepoFiles } from "./gitops-world.js";
import { reviewWorld } from "./review-world.js";
import type { ReviewWorld } from "./review-world.js";

const fixture = (name: string, dir = "fixtures/") =>
  readFileSync(new URL(`./${dir}${name}`, import.meta.url), "utf8");
const WORKER = fixture("worker.yaml", "../core/review/report/fixtures/");
const PATH = "apps/worker/overlays/dev/worker.yaml";
const CONFIG = ".github/bumpwarden.yml";
const example = exampleRepoFiles();
const withConfig = (config: string, extra: Record<string, string> = {}) => ({
  ...example,
  [CONFIG]: config,
  ...extra,
});

let world: ReviewWorld;
afterEach(async () => {
  await world.close();
});

describe("review configuration, read from the default branch", () => {
  it("monitor mode reports the same findings and concludes neutral", async () => {
    world = await reviewWorld({
      files: withConfig(`${example[CONFIG]}`.replace("mode: protect", "mode: monitor")),
    });
    const pr = world.openPullRequest("add-worker", { [PATH]: WORKER });
    await world.deliver("opened", pr.number);
    expect(world.comments(pr.number).map((c) => c.body.split(" ")[0])).toEqual(
      Array(4).fill("**warning**"),
    );
    const [run] = world.checkRuns(pr.headSha);
    expect(run).toMatchObject({ conclusion: "neutral", output: { title: "4 warnings" } });
    expect(run?.output.summary).toContain(
      "Mode **monitor**: findings are reported, nothing fails this check.",
    );
  });

  it("applies the admission policies of review.policies from the default branch, not the PR's copy", async () => {
    const config = `${example[CONFIG]}  policies: ["policies/**/*.yaml"]\n`;
    world = await reviewWorld({
      files: withConfig(config, {
        "policies/require-team-label.yaml": fixture("require-team-label.yaml"),
        "policies/kyverno/require-labels.yaml": fixture("require-labels.yaml"),
      }),
    });
    // The PR also deletes the policy it would fail: the default branch's copy still applies.
    const pr = world.openPullRequest("add-worker", {
      [PATH]: WORKER,
      "policies/require-team-label.yaml": null,
    });
    await world.deliver("opened", pr.number);
    const policyComments = world
      .comments(pr.number)
      .filter((c) => c.body.includes("admission-policy"));
    expect(policyComments.map((c) => [c.line, c.body.split("\n")[0]])).toEqual([
      [
        4,
        expect.stringMatching(
          /^\*\*error\*\* \[admission-policy \(require-team-label\)\]\(.*\): Deployments must name their owning team in the label `team`$/,
        ),
      ],
      [
        4,
        expect.stringMatching(
          /^\*\*warning\*\* \[admission-policy \(require-labels\)\]\(.*\): .*app\.kubernetes\.io\/name/,
        ),
      ],
    ]);
    expect(world.checkRuns(pr.headSha)[0]).toMatchObject({
      conclusion: "failure",
      output: { title: "3 errors, 3 warnings" },
    });
  });

  it("reports a policy that does not compile on the check run, at the policy's line", async () => {
    const broken = fixture("require-team-label.yaml").replace(
      "'team' in object.metadata.labels",
      "'team' in object.metadata.labels &&",
    );
    world = await reviewWorld({
      files: withConfig(`${example[CONFIG]}  policies: ["policies/*.yaml"]\n`, {
        "policies/require-team-label.yaml": broken,
      }),
    });
    const pr = world.openPullRequest("add-worker", { [PATH]: WORKER });
    await world.deliver("opened", pr.number);
    const [run] = world.checkRuns(pr.headSha);
    const invalid = run?.output.annotations.filter((a) => a.title === "policy-invalid") ?? [];
    expect(invalid).toMatchObject([
      { path: "policies/require-team-label.yaml", start_line: 14, annotation_level: "failure" },
    ]);
    expect(run?.conclusion).toBe("failure");
  });

  it("fails the check with the problems when the default branch's config is invalid, and comments nothing", async () => {
    world = await reviewWorld({
      files: withConfig("review:\n  mode: enforce\n  maxInlineComments: 500\n"),
    });
    const pr = world.openPullRequest("add-worker", { [PATH]: WORKER });
    await world.deliver("opened", pr.number);
    expect(world.comments(pr.number)).toEqual([]);
    const [run] = world.checkRuns(pr.headSha);
    expect(run).toMatchObject({
      conclusion: "failure",
      output: { title: "Configuration is invalid" },
    });
    expect(run?.output.summary).toContain("review.mode");
    expect(run?.output.summary).toContain("review.maxInlineComments");
  });

  it("does nothing in a repository without config, or with review disabled", async () => {
    const { [CONFIG]: _config, ...bare } = example;
    world = await reviewWorld({ files: bare });
    const pr = world.openPullRequest("add-worker", { [PATH]: WORKER });
    world.sim.counts.reset();
    await world.deliver("opened", pr.number);
    expect(world.checkRuns(pr.headSha)).toEqual([]);
    // The config is looked for in the repository, then in the organization's .github repository.
    expect(world.sim.counts.snapshot()["GET /repos/{owner}/{repo}/contents/{path}"]).toBe(2);
    await world.close();

    world = await reviewWorld({ files: withConfig("review:\n  enabled: false\n") });
    const other = world.openPullRequest("add-worker", { [PATH]: WORKER });
    await world.deliver("opened", other.number);
    expect(world.checkRuns(other.headSha)).toEqual([]);
  });

  it("reviews a draft in the check run only, then comments inline when it is ready", async () => {
    world = await reviewWorld();
    const pr = world.openPullRequest("add-worker", { [PATH]: WORKER }, { draft: true });
    await world.deliver("opened", pr.number);
    expect(world.comments(pr.number)).toEqual([]);
    const [draftRun] = world.checkRuns(pr.headSha);
    expect(draftRun?.output.annotations).toHaveLength(4);
    expect(draftRun?.output.summary).toContain("Draft pull request");

    const record = world.repo.pulls.get(pr.number);
    if (record) record.draft = false;
    await world.deliver("ready_for_review", pr.number);
    expect(world.comments(pr.number)).toHaveLength(4);
    expect(world.checkRuns(pr.headSha)[1]?.output.annotations).toEqual([]);
  });
});
