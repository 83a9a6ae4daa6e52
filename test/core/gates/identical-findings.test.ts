import { describe, expect, it } from "vitest";
import { unresolvedFindings } from "../../../src/core/gates/changed-images.js";
import { gateDrafts, gateFindings } from "../../../src/core/gates/index.js";
import type { GateResult } from "../../../src/core/gates/index.js";
import { parseConfig } from "../../../src/core/config/load.js";
import { finalize } from "../../../src/core/review/finalize.js";

const pre: GateResult = {
  gate: "prerelease",
  result: "block",
  reason: "1.9.0-rc.1 is a pre-release",
};
const change = {
  file: "clusters/prod/api.yaml",
  column: 18,
  image: "ghcr.io/acme/api:1.9.0-rc.1",
  environments: ["prod"],
  gates: { prod: [pre] },
};

/**
 * The same image twice in one file (two containers): computed by the previous release, which
 * counted the copies into the fingerprint; its markers are on pull requests already.
 */
const OLD = {
  raw: ["450dc5a7d83d54246f07", "e5b0419caac0a6a2607c"],
  final: ["4d2ebcc256ca1097935b", "9abd48d1a392e9c8af59"],
};

describe("identical gate findings in one file", () => {
  it("share a fingerprint, and keep the one earlier versions posted as legacy", () => {
    const raw = gateFindings([
      { ...change, line: 21 },
      { ...change, line: 40 },
    ]);
    expect(raw.map((f) => [f.line, f.fingerprint, f.legacyFingerprint])).toEqual([
      [21, OLD.raw[0], undefined],
      [40, OLD.raw[0], OLD.raw[1]],
    ]);

    const config = parseConfig("review:\n  mode: protect\n");
    if (!config.ok) throw new Error("config");
    const { findings } = finalize(gateDrafts(raw), config.value, new Map());
    expect(findings.map((f) => [f.line, f.fingerprint, f.legacyFingerprint])).toEqual([
      [21, OLD.final[0], undefined],
      [40, OLD.final[0], OLD.final[1]],
    ]);
  });

  it("unresolved images: the same image twice shares one fingerprint", () => {
    const config = parseConfig('images:\n  - match: "ghcr.io/acme/*"\n');
    const rule = config.ok ? config.value.images[0] : undefined;
    if (!rule) throw new Error("config");
    const place = { file: change.file, column: 18, image: change.image, environments: ["prod"] };
    const [a, b] = unresolvedFindings(
      {
        repository: "ghcr.io/acme/api",
        tag: "1.9.0-rc.1",
        digest: null,
        rule,
        places: [
          { ...place, line: 21 },
          { ...place, line: 40 },
        ],
        environments: ["prod"],
      },
      "manifest unknown",
    );
    expect(a?.fingerprint).toBe(b?.fingerprint);
    expect(b?.legacyFingerprint).toMatch(/^[0-9a-f]{20}$/);
    expect(b?.legacyFingerprint).not.toBe(b?.fingerprint);
  });
});
