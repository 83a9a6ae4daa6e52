import type { GateResult } from "./types.js";

/** GitHub rejects a check run whose `output.summary` is longer than 65,535 characters. */
const MAX_SUMMARY = 65_000;

export interface GateCheckInput {
  /** Image as shown: `ghcr.io/acme/api`. */
  image: string;
  tag: string | null;
  digest: string | null;
  environment: string;
  results: readonly GateResult[];
  /** From the verified provenance, when there is one. */
  source?: { repository: string; revision?: string | null };
}

export interface GateCheckRun {
  name: string;
  conclusion: "success" | "neutral" | "failure";
  title: string;
  summary: string;
}

export const GATE_CHECK_NAME = "bumpwarden/supply-chain";

/** The check run on a bump PR: a blocking gate fails it, a warning makes it neutral. */
export function renderGateCheckRun(input: GateCheckInput): GateCheckRun {
  const blocked = input.results.filter((r) => r.result === "block");
  const warned = input.results.filter((r) => r.result === "warn");
  const passed = input.results.length - blocked.length - warned.length;
  const conclusion =
    blocked.length > 0
      ? "failure"
      : warned.length > 0 || input.results.length === 0
        ? "neutral"
        : "success";
  const title =
    input.results.length === 0
      ? `No supply-chain gates apply in ${input.environment}`
      : blocked.length > 0
        ? `Blocked in ${input.environment}: ${blocked.map((r) => r.gate).join(", ")}`
        : warned.length > 0
          ? `${passed} passed, ${warned.length} warning${warned.length === 1 ? "" : "s"}: ${warned.map((r) => r.gate).join(", ")}`
          : passed === 1
            ? `The supply-chain gate passed in ${input.environment}`
            : `All ${passed} supply-chain gates passed in ${input.environment}`;
  const ref = `${input.image}${input.tag ? `:${input.tag}` : ""}`;
  const lines = [
    `**${cell(ref)}** in **${cell(input.environment)}**${input.digest ? ` (\`${input.digest}\`)` : ""}`,
    "",
  ];
  if (input.results.length > 0) {
    lines.push("| Gate | Result | Reason |", "| --- | --- | --- |");
    for (const r of input.results)
      lines.push(`| ${r.gate} | ${mark(r.result)} | ${cell(r.reason)} |`);
  } else
    lines.push(
      "The image's rule in `.github/bumpwarden.yml` configures no gates for this environment.",
    );
  if (input.source)
    lines.push(
      "",
      `Source (from the verified provenance): \`${input.source.repository}\`${input.source.revision ? ` at \`${input.source.revision}\`` : ""}`,
    );
  lines.push(
    "",
    "<sub>Gates read signed attestations only (cosign DSSE envelopes and Sigstore bundles); see docs/supply-chain.md. `/recheck` evaluates them again.</sub>",
  );
  let summary = lines.join("\n");
  if (summary.length > MAX_SUMMARY) summary = `${summary.slice(0, MAX_SUMMARY)}\n\n…`;
  return { name: GATE_CHECK_NAME, conclusion, title, summary };
}

const mark = (result: GateResult["result"]): string =>
  result === "pass" ? "✅ pass" : result === "warn" ? "⚠️ warn" : "⛔ block";

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");
