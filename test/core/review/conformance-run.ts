import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../../cli/run-cli.js";
import { corpusUrl } from "../../harness/corpus.js";

/** One line of `/work/shared/corpus/policy/<source>/cases.jsonl` (see that folder's README). */
export interface PolicyCase {
  id: string;
  policy: string;
  params: string | null;
  resource: string;
  expected: "pass" | "fail" | "skip";
  policyName: string;
  note: string;
}

export const POLICY_CORPUS = corpusUrl("policy/").pathname;

export function readCases(source: string): PolicyCase[] {
  return readFileSync(join(POLICY_CORPUS, source, "cases.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as PolicyCase);
}

export interface CaseOutcome {
  actual: "fail" | "no-finding";
  exit: number;
  messages: string[];
  stderr: string;
}

/** Runs `bumpwarden lint --policy … [--params …] --json <resource>` in-process, as the README suggests. */
export async function runCase(source: string, c: PolicyCase): Promise<CaseOutcome> {
  const args = [
    "lint",
    "--policies-only",
    "--json",
    "--policy",
    c.policy,
    ...(c.params ? ["--params", c.params] : []),
    c.resource,
  ];
  const { code: exit, stdout, stderr } = await runCli(args, join(POLICY_CORPUS, source));
  if (exit === 2) return { actual: "no-finding", exit, messages: [], stderr };
  const findings = JSON.parse(stdout) as Array<{ policy?: string; message: string }>;
  const mine = findings.filter((f) => f.policy === c.policyName);
  return {
    actual: mine.length ? "fail" : "no-finding",
    exit,
    messages: mine.map((f) => f.message),
    stderr,
  };
}
