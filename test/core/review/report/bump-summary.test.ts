import { describe, expect, it } from "vitest";
import { renderBumpBody } from "../../../../src/core/pr/body.js";
import type { BumpBody } from "../../../../src/core/pr/body.js";
import { summarizeForBumpBody } from "../../../../src/core/review/report/bump-summary.js";
import { WORKER_PATH, lintText, workerYaml } from "./helpers.js";

const findings = lintText(WORKER_PATH, workerYaml());

describe("summarizeForBumpBody", () => {
  it("says failed with the errors first, and fits BumpBody.review", () => {
    const s = summarizeForBumpBody(findings);
    expect(s.outcome).toBe("failure");
    expect(s.conclusion).toBe("failed (2 errors, 2 warnings)");
    expect(s.lines[0]).toBe(
      `\`${WORKER_PATH}:22\` error image-latest: ghcr.io/acme/worker:latest uses "latest", which changes under you; pin a version`,
    );
    expect(s.lines.map((l) => l.split(" ")[1])).toEqual(["error", "error", "warning", "warning"]);
    const body: BumpBody = {
      image: "ghcr.io/acme/worker",
      environment: "dev",
      from: ["1.0.0"],
      tag: "1.1.0",
      digest: null,
      changes: [],
      promotion: [],
      warnings: [],
      commands: [],
      review: s,
    };
    expect(renderBumpBody(body)).toContain(
      `**Review**: failed (2 errors, 2 warnings)\n- \`${WORKER_PATH}:22\``,
    );
  });

  it("passes a clean change and caps the lines", () => {
    expect(summarizeForBumpBody([])).toEqual({
      conclusion: "passed (no problems found)",
      lines: [],
      outcome: "success",
    });
    const s = summarizeForBumpBody(findings, { max: 2 });
    expect(s.lines).toHaveLength(3);
    expect(s.lines[2]).toBe("… 2 more in the `bumpwarden/review` check");
  });

  it("does not gate in monitor mode", () => {
    const monitored = findings.map((f) => ({ ...f, severity: "warning" as const }));
    expect(summarizeForBumpBody(monitored, { mode: "monitor" })).toMatchObject({
      outcome: "neutral",
      conclusion: "monitor mode, not enforced (4 warnings)",
    });
  });
});
