import { describe, expect, it } from "vitest";
import { renderBumpBody } from "../../../src/core/pr/body.js";
import type { BumpBody } from "../../../src/core/pr/body.js";
import { parseMarker } from "../../../src/core/pr/marker.js";

const OLD = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807";
const NEW = "3f2a9c1d0e4b5a6978877665544332211ffeeddc";
const DIGEST = `sha256:${"ab".repeat(32)}`;

const body: BumpBody = {
  image: "ghcr.io/acme/api",
  environment: "staging",
  from: ["1.7.1"],
  tag: "1.8.0",
  digest: DIGEST,
  changes: [
    { file: "apps/api/overlays/staging/kustomization.yaml", line: 8, from: "1.7.1", to: "1.8.0" },
  ],
  why: "1.8.0 satisfies >=1.0.0 <2.0.0",
  signature: { verified: true, keyId: "SHA256:k3y" },
  source: { url: "https://github.com/acme/api", fromRevision: OLD, toRevision: NEW },
  promotion: [
    { environment: "dev", state: "merged #3" },
    { environment: "staging", state: "this PR" },
    { environment: "prod", state: "pending" },
  ],
  gates: [{ gate: "vulnerabilities", result: "pass", reason: "no critical findings" }],
  review: { conclusion: "success", lines: ["no findings in the changed lines"] },
  warnings: [],
  commands: ["`/hold` · `/unhold` freeze this PR"],
};

describe("a bump PR's body", () => {
  it("shows every part the issue names: table, digest, signature, source and compare, promotion, policy results, commands, marker", () => {
    const text = renderBumpBody(body);
    expect(text).toContain(
      "| `apps/api/overlays/staging/kustomization.yaml` | 8 | `1.7.1` | `1.8.0` |",
    );
    expect(text).toContain(`| Digest | \`${DIGEST}\` |`);
    expect(text).toContain("| Signature | verified (key `SHA256:k3y`) |");
    expect(text).toContain(
      `| Source | [acme/api](https://github.com/acme/api) · [compare 9e8d7c6…3f2a9c1](https://github.com/acme/api/compare/${OLD}...${NEW}) |`,
    );
    expect(text).toContain("| Promotion | dev: merged #3 → **staging**: this PR → prod: pending |");
    expect(text).toContain("| vulnerabilities | pass | no critical findings |");
    expect(text).toContain("**Review**: success\n- no findings in the changed lines");
    expect(text).toContain("<details><summary>Commands</summary>");
    expect(parseMarker(text)).toEqual({
      v: 1,
      image: "ghcr.io/acme/api",
      env: "staging",
      tag: "1.8.0",
      digest: DIGEST,
      from: ["1.7.1"],
    });
  });

  it("says what is not known rather than leaving it out", () => {
    const text = renderBumpBody({
      ...body,
      digest: null,
      signature: { verified: false, reason: "no signature found" },
      source: { url: "https://gitlab.example/acme/api", toRevision: NEW },
    });
    expect(text).toContain("| Digest | not known |");
    expect(text).toContain("| Signature | not verified: no signature found |");
    expect(text).toContain(
      `| Source | https://gitlab.example/acme/api @ \`${NEW.slice(0, 12)}\` |`,
    );
    const { signature: _, ...unsigned } = body;
    expect(renderBumpBody(unsigned)).toContain("| Signature | not required |");
  });

  it("keeps a table cell from breaking out of its row", () => {
    const text = renderBumpBody({
      ...body,
      changes: [{ file: "a|b.yaml", line: 1, from: "1.0", to: "1.1" }],
    });
    expect(text).toContain("| `a\\|b.yaml` | 1 |");
  });
});
