import { formatMarker } from "./marker.js";

/** Everything a bump PR body shows; rendered by `renderBumpBody`, data only. */
export interface BumpBody {
  image: string;
  environment: string;
  /** Tags being replaced (several when files disagreed). */
  from: string[];
  tag: string | null;
  digest: string | null;
  changes: Array<{ file: string; line: number; from: string; to: string }>;
  why?: string;
  signature?: { verified: boolean; keyId?: string; reason?: string };
  source?: { url: string; fromRevision?: string; toRevision?: string };
  promotion: Array<{ environment: string; state: string }>;
  gates?: ReadonlyArray<{ gate: string; result: "pass" | "warn" | "block"; reason: string }>;
  review?: { conclusion: string; lines: string[] };
  warnings: string[];
  commands: string[];
}

const MAX_ROWS = 50;

export function renderBumpBody(b: BumpBody): string {
  const to = b.tag ?? b.digest ?? "";
  const out: string[] = [];
  out.push(
    `Bumps \`${b.image}\` from ${b.from.map((f) => `\`${f}\``).join(", ") || "—"} to \`${to}\` in **${b.environment}**.`,
  );
  if (b.why) out.push("", `> ${b.why}`);
  out.push("", "| File | Line | Old | New |", "| --- | ---: | --- | --- |");
  for (const c of b.changes.slice(0, MAX_ROWS))
    out.push(`| \`${cell(c.file)}\` | ${c.line} | \`${cell(c.from)}\` | \`${cell(c.to)}\` |`);
  if (b.changes.length > MAX_ROWS) out.push(`| … ${b.changes.length - MAX_ROWS} more | | | |`);

  out.push("", "| | |", "| --- | --- |");
  out.push(`| Digest | ${b.digest ? `\`${b.digest}\`` : "not known"} |`);
  out.push(`| Signature | ${signatureCell(b.signature)} |`);
  if (b.source) out.push(`| Source | ${sourceCell(b.source)} |`);
  out.push(
    `| Promotion | ${b.promotion.map((p) => `${p.environment === b.environment ? `**${p.environment}**` : p.environment}: ${p.state}`).join(" → ")} |`,
  );

  if (b.gates && b.gates.length > 0) {
    out.push("", "**Supply-chain gates**", "", "| Gate | Result | Reason |", "| --- | --- | --- |");
    for (const g of b.gates) out.push(`| ${g.gate} | ${g.result} | ${cell(g.reason)} |`);
  }
  if (b.review)
    out.push("", `**Review**: ${b.review.conclusion}`, ...b.review.lines.map((l) => `- ${l}`));
  if (b.warnings.length > 0) out.push("", ...b.warnings.map((w) => `> [!WARNING]\n> ${w}`));
  if (b.commands.length > 0)
    out.push(
      "",
      "<details><summary>Commands</summary>",
      "",
      ...b.commands.map((c) => `- ${c}`),
      "",
      "</details>",
    );
  out.push(
    "",
    formatMarker({
      image: b.image,
      env: b.environment,
      tag: b.tag,
      digest: b.digest,
      from: b.from,
    }),
  );
  return out.join("\n");
}

function signatureCell(s: BumpBody["signature"]): string {
  if (!s) return "not required";
  if (s.verified) return `verified${s.keyId ? ` (key \`${s.keyId}\`)` : ""}`;
  return `not verified: ${cell(s.reason ?? "unknown")}`;
}

function sourceCell(s: NonNullable<BumpBody["source"]>): string {
  const github = /^https:\/\/github\.com\/[^/]+\/[^/]+?(?:\.git)?$/.exec(s.url);
  if (github && s.fromRevision && s.toRevision && s.fromRevision !== s.toRevision) {
    const base = github[0].replace(/\.git$/, "");
    return `[${base.slice(19)}](${base}) · [compare ${s.fromRevision.slice(0, 7)}…${s.toRevision.slice(0, 7)}](${base}/compare/${s.fromRevision}...${s.toRevision})`;
  }
  const rev = s.toRevision ? ` @ \`${s.toRevision.slice(0, 12)}\`` : "";
  return `${s.url}${rev}`;
}

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
