import { unzipSync } from "fflate";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestOctokit } from "../harness/octokit.js";
import type { TestOctokit } from "../harness/octokit.js";
import { appJwt, closeClean, status, world } from "./helpers.js";
import type { World } from "./helpers.js";
import { Octokit } from "@octokit/rest";

/** The Actions routes bumpwarden reads a run's artifacts with, as a validated Probot Octokit sees them. */
let w: World;
let octokit: TestOctokit;
beforeEach(async () => {
  w = await world();
  octokit = createTestOctokit({ baseUrl: w.sim.url, token: w.token });
});
afterEach(() => closeClean(w));

const image = '{"repository":"ghcr.io/acme/api","tag":"sha-1234567"}\n';
const base = { owner: "acme", repo: "gitops" };

describe("Actions artifacts", () => {
  it("lists a run's artifacts (filtered by name) and serves the zip through a redirect Octokit follows", async () => {
    const run = w.sim.human.completeWorkflowRun("acme/gitops", {
      artifacts: {
        "bumpwarden-image": { "image.json": image },
        coverage: { "lcov.info": "TN:\n" },
      },
    });
    const all = await octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts", {
      ...base,
      run_id: run.id,
    });
    expect(all.data.total_count).toBe(2);
    const { data } = await octokit.request(
      "GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts",
      { ...base, run_id: run.id, name: "bumpwarden-image" },
    );
    expect(data.artifacts.map((a) => [a.name, a.expired, a.workflow_run?.head_sha])).toEqual([
      ["bumpwarden-image", false, run.headSha],
    ]);
    const artifact = data.artifacts[0];
    if (!artifact) throw new Error("no artifact");
    expect(artifact.archive_download_url).toBe(
      `${w.sim.url}/repos/acme/gitops/actions/artifacts/${artifact.id}/zip`,
    );

    const zip = await octokit.request(
      "GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}",
      { ...base, artifact_id: artifact.id, archive_format: "zip" },
    );
    expect(zip.status).toBe(200);
    expect(zip.url).toMatch(new RegExp(`^${w.sim.url}/_blobs/[0-9a-f]{32}$`));
    const files = unzipSync(new Uint8Array(zip.data as ArrayBuffer));
    expect(Object.keys(files)).toEqual(["image.json"]);
    expect(new TextDecoder().decode(files["image.json"])).toBe(image);
    expect(artifact.size_in_bytes).toBe((zip.data as ArrayBuffer).byteLength);
    // The API request is counted (and subject to faults); the blob download is not the API.
    expect(
      w.sim.counts.get(
        "GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}",
      ),
    ).toBe(1);
  });

  it("answers the download with a 302 to a URL that needs no credentials and expires after a minute", async () => {
    const run = w.sim.human.completeWorkflowRun("acme/gitops", {
      artifacts: { a: { "image.json": image } },
    });
    const [artifact] = [...w.sim.state.actions.artifacts.values()].filter(
      (a) => a.runId === run.id,
    );
    const res = await fetch(
      `${w.sim.url}/repos/acme/gitops/actions/artifacts/${artifact?.id}/zip`,
      {
        headers: { authorization: `token ${w.token}` },
        redirect: "manual",
      },
    );
    expect(res.status).toBe(302);
    const location = res.headers.get("location") ?? "";
    expect((await fetch(location)).status).toBe(200);
    const grant = w.sim.state.actions.blobs.get(location.slice(location.lastIndexOf("/") + 1));
    if (grant) grant.expiresAt = Date.now() - 1;
    expect((await fetch(location)).status).toBe(403);
  });

  it("refuses what GitHub refuses: expired artifacts (410), other runs' ids (404), tokens without `actions` (403)", async () => {
    const run = w.sim.human.completeWorkflowRun("acme/gitops", {
      artifacts: { old: { "image.json": image } },
      retentionDays: 0,
    });
    const [old] = [...w.sim.state.actions.artifacts.values()].filter((a) => a.runId === run.id);
    const download = (id: number, format = "zip") =>
      octokit.request(
        "GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}",
        { ...base, artifact_id: id, archive_format: format },
      );
    expect(await status(download(old?.id ?? 0))).toBe(410);
    expect(await status(download(old?.id ?? 0, "tar"))).toBe(404);
    expect(
      await status(
        octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts", {
          ...base,
          run_id: 999_999,
        }),
      ),
    ).toBe(404);
    expect(
      (
        await octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}", {
          ...base,
          run_id: run.id,
        })
      ).data,
    ).toMatchObject({
      id: run.id,
      head_sha: run.headSha,
      head_branch: "main",
      status: "completed",
      conclusion: "success",
      event: "push",
      path: ".github/workflows/build.yml",
    });

    const noActions = w.sim.human.installApp({
      account: "other",
      permissions: { contents: "read", metadata: "read" },
    });
    w.sim.human.createRepo({ owner: "other", name: "app" });
    const otherRun = w.sim.human.completeWorkflowRun("other/app", {
      artifacts: { a: { "image.json": image } },
    });
    const app = new Octokit({ baseUrl: w.sim.url, auth: appJwt(w.sim.state.app.id) });
    const { data } = await app.rest.apps.createInstallationAccessToken({
      installation_id: noActions.id,
    });
    const limited = createTestOctokit({ baseUrl: w.sim.url, token: data.token });
    expect(
      await status(
        limited.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts", {
          owner: "other",
          repo: "app",
          run_id: otherRun.id,
        }),
      ),
    ).toBe(403);
  });
});
