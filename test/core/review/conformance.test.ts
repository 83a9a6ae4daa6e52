import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { POLICY_CORPUS, readCases, runCase } from "./conformance-run.js";

/**
 * Cases that do not reach the expected outcome, with the reason (docs/policies.md lists them too).
 * The test asserts this exact set: a regression fails, and so does a fix that is not recorded here.
 */
const KNOWN_FAILURES: Record<string, string> = {};

/** Every folder of the corpus with a cases.jsonl: a new source is run without editing this test. */
const SOURCES = readdirSync(POLICY_CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(POLICY_CORPUS, d.name, "cases.jsonl")))
  .map((d) => d.name)
  .sort();

it("finds both policy corpora", () => {
  expect(SOURCES).toEqual(
    expect.arrayContaining(["kubescape-cel-admission-library", "kyverno-policies"]),
  );
});

for (const source of SOURCES) {
  describe(`policy conformance: ${source}`, () => {
    const cases = readCases(source);

    it("has cases to run", () => {
      expect(cases.length).toBeGreaterThan(200);
    });

    it("runs every case through `bumpwarden lint --policy … --json` with the expected outcome", async () => {
      const failing: string[] = [];
      for (const c of cases) {
        const outcome = await runCase(source, c);
        expect(outcome.stderr, `${c.id}: policy or params did not load`).toBe("");
        const expectedFinding = c.expected === "fail";
        if ((outcome.actual === "fail") !== expectedFinding) failing.push(c.id);
        // Exit code follows severity: Deny/Fail findings are errors, Audit/Warn ones warnings.
        if (!expectedFinding && outcome.actual !== "fail") expect(outcome.exit, c.id).toBe(0);
        // Expected violations come from validations that evaluated to false, never from an
        // expression that could not be evaluated (failurePolicy Fail would make those violations too).
        for (const m of outcome.messages)
          expect(m, c.id).not.toMatch(/^(expression failed|matchCondition "[^"]*" failed): /);
      }
      const known = Object.keys(KNOWN_FAILURES).filter((id) => cases.some((c) => c.id === id));
      expect(failing.sort()).toEqual(known.sort());
    });
  });
}
