import { describe, expect, it } from "vitest";
import type { Command } from "../../../src/core/commands/index.js";
import { parseComment } from "../../../src/core/commands/index.js";

/** Every valid command form, with the typed command it parses to. */
const VARIANTS: [string, Command][] = [
  ["/rebase", { name: "rebase" }],
  ["/recreate", { name: "recreate" }],
  ["/hold", { name: "hold" }],
  ["/unhold", { name: "unhold" }],
  ["/merge", { name: "merge" }],
  ["/lint", { name: "lint" }],
  ["/recheck", { name: "recheck" }],
  ["/help", { name: "help", topic: null }],
  ["/help ignore", { name: "help", topic: "ignore" }],
  ["/help /promote", { name: "help", topic: "promote" }],
  ["/ignore", { name: "ignore", target: "version" }],
  ["/ignore this version", { name: "ignore", target: "version" }],
  ["/ignore this major", { name: "ignore", target: "major" }],
  ["/ignore this minor", { name: "ignore", target: "minor" }],
  ["/ignore this patch", { name: "ignore", target: "patch" }],
  ["/ignore this image", { name: "ignore", target: "image" }],
  ["/ignore major", { name: "ignore", target: "major" }],
  ["/Ignore This Major", { name: "ignore", target: "major" }],
  ["/unignore", { name: "unignore", version: null }],
  ["/unignore 1.8.0", { name: "unignore", version: "1.8.0" }],
  ["/unignore v2.0.0-rc.1", { name: "unignore", version: "v2.0.0-rc.1" }],
  ["/promote prod", { name: "promote", environment: "prod" }],
  ["/promote\tstaging", { name: "promote", environment: "staging" }],
];

type Context = [name: string, wrap: (cmd: string) => string, found: boolean];

/** Comment shapes around a command line: where Markdown renders it as text, and where not. */
const CONTEXTS: Context[] = [
  ["alone", (c) => c, true],
  ["one leading space", (c) => ` ${c}`, true],
  ["three leading spaces", (c) => `   ${c}`, true],
  ["trailing blanks", (c) => `${c}  \t `, true],
  ["after prose", (c) => `Thanks for this!\n${c}`, true],
  ["before prose", (c) => `${c}\nthanks`, true],
  ["between blank lines", (c) => `hi\n\n${c}\n\nbye`, true],
  ["CRLF", (c) => `Looks good.\r\n${c}\r\n`, true],
  ["CR only", (c) => `Looks good.\r${c}\r`, true],
  ["after a heading", (c) => `# Review\n${c}`, true],
  ["after a closed fence", (c) => "```\nx\n```\n" + c, true],
  ["after a closed tilde fence", (c) => "~~~\nx\n~~~\n" + c, true],
  ["indented continuation of a paragraph", (c) => `please\n    ${c}`, true],
  ["after a quote and a blank line", (c) => `> you asked\n\n${c}`, true],
  ["after an HTML comment", (c) => `<!-- template -->\n${c}`, true],
  ["after a multi-line HTML comment", (c) => `<!--\nx\n-->\n${c}`, true],
  ["with a trailing HTML comment", (c) => `${c} <!-- why -->`, true],
  ["after an unmatched backtick", (c) => `a \` b\n${c}`, true],
  ["after an escaped backtick pair", (c) => `\\\`x\\\`\n${c}`, true],
  ["after a fence opened inside a quote", (c) => "> ```\n" + c, true],
  [
    "inside <details> after a blank line",
    (c) => `<details><summary>more</summary>\n\n${c}\n\n</details>`,
    true,
  ],
  ["after a thematic break", (c) => `> quote\n---\n${c}`, true],
  ["in a backtick fence", (c) => "```\n" + c + "\n```", false],
  ["in a tilde fence", (c) => `~~~\n${c}\n~~~`, false],
  ["in a fence with an info string", (c) => "```bash title=x\n" + c + "\n```", false],
  ["in an indented fence", (c) => "  ```\n  " + c + "\n  ```", false],
  ["in a longer fence holding a shorter one", (c) => "````\n```\n" + c + "\n```\n````", false],
  ["in an unclosed fence", (c) => "```\n" + c, false],
  ["in a fence inside a quote", (c) => "> ```\n> " + c + "\n> ```", false],
  ["in an indented code block", (c) => `text\n\n    ${c}`, false],
  ["tab-indented (code)", (c) => `\t${c}`, false],
  ["in a quote", (c) => `> ${c}`, false],
  ["in a quote without a space", (c) => `>${c}`, false],
  ["in a nested quote", (c) => `> > ${c}`, false],
  ["in an indented quote", (c) => `   > ${c}`, false],
  ["as a lazy quote continuation", (c) => `> you said\n${c}`, false],
  ["as a lazy continuation of a nested quote", (c) => `> > deep\n${c}`, false],
  ["in inline code", (c) => `\`${c}\``, false],
  ["in double-backtick inline code", (c) => `\`\` ${c} \`\``, false],
  ["in a code span across lines", (c) => `use \`\n${c}\n\` please`, false],
  ["in an HTML comment", (c) => `<!-- ${c} -->`, false],
  ["in a multi-line HTML comment", (c) => `<!--\n${c}\n-->`, false],
  ["in an unclosed HTML comment", (c) => `<!--\n${c}`, false],
  ["in an inline comment across lines", (c) => `a <!--\n${c}\n--> b`, false],
  ["in a <pre> block", (c) => `<pre>\n${c}\n</pre>`, false],
  ["mid-sentence", (c) => `please ${c}`, false],
  ["in a list item", (c) => `- ${c}`, false],
  ["in a table", (c) => `| a |\n|---|\n| ${c} |`, false],
  ["after an emoji", (c) => `👍 ${c}`, false],
  ["in bold", (c) => `**${c}**`, false],
  ["as a link text", (c) => `[${c}](https://example.com)`, false],
];

const cases = CONTEXTS.flatMap(([context, wrap, found]) =>
  VARIANTS.map(([cmd, command]) => [context, cmd, wrap(cmd), found, command] as const),
);

describe("comment shapes × command forms", () => {
  it("covers hundreds of shapes", () => {
    expect(cases.length).toBeGreaterThan(1000);
  });

  it.each(cases)("%s: %j", (_context, _cmd, body, found, command) => {
    const parsed = parseComment(body);
    const commands = parsed.items.filter((i) => i.kind === "command").map((i) => i.command);
    expect(commands).toEqual(found ? [command] : []);
    if (!found) expect(parsed.items).toEqual([]);
  });
});
