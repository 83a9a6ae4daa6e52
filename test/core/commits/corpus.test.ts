import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commitPolicy, lintMessage } from "../../../src/core/commits/index.js";
import { defaultConfig } from "../../../src/core/config/load.js";

interface Entry {
  sha?: string;
  note?: string;
  message: string;
  valid: boolean;
  errors: string[];
  warnings: string[];
}

const dir = new URL("../../fixtures/commit-messages/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
const policy = commitPolicy(defaultConfig());

describe("real-world commit messages get the same verdict as the commitlint CLI", () => {
  it("has a corpus of at least 300 messages, valid and invalid", () => {
    const all = files.flatMap((f) => load(f).messages);
    expect(all.length).toBeGreaterThanOrEqual(300);
    expect(all.filter((m) => m.valid).length).toBeGreaterThan(100);
    expect(all.filter((m) => !m.valid).length).toBeGreaterThan(100);
  });

  for (const file of files) {
    const { source, messages } = load(file);
    it.each(messages.map((m, i) => [label(m, i), m] as const))(
      `${source}: %s`,
      async (_label, m) => {
        const verdict = await lintMessage(m.message, policy);
        const rules = (severity: string) =>
          verdict.problems
            .filter((p) => p.severity === severity)
            .map((p) => p.rule)
            .sort();
        expect({
          valid: verdict.valid,
          errors: rules("error"),
          warnings: rules("warning"),
        }).toEqual({
          valid: m.valid,
          errors: m.errors,
          warnings: m.warnings,
        });
      },
    );
  }
});

function load(file: string): { source: string; messages: Entry[] } {
  return JSON.parse(readFileSync(new URL(file, dir), "utf8")) as {
    source: string;
    messages: Entry[];
  };
}

function label(m: Entry, i: number): string {
  const header = m.message.split(/\r?\n/)[0] ?? "";
  return `${String(i).padStart(3, "0")} ${m.sha?.slice(0, 7) ?? m.note ?? ""} ${JSON.stringify(header.slice(0, 60))}`;
}
