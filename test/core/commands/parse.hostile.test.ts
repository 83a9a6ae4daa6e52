import { describe, expect, it } from "vitest";
import { MAX_COMMANDS, parseComment } from "../../../src/core/commands/index.js";

const names = (body: string) =>
  parseComment(body).items.map((i) =>
    i.kind === "command" ? i.command.name : `${i.kind}:${i.name}`,
  );

describe("look-alikes and invisible characters are not commands", () => {
  it.each([
    ["fullwidth solidus", "／rebase"],
    ["division slash", "∕rebase"],
    ["fraction slash", "⁄rebase"],
    ["big solidus", "⧸rebase"],
    ["Cyrillic е", "/rеbase"],
    ["Cyrillic а", "/rebаse"],
    ["Greek omicron", "/hοld"],
    ["small roman numeral fifty", "/ⅼint"],
    ["fullwidth letters", "/ｒｅｂａｓｅ"],
    ["zero-width space before", "\u200B/rebase"],
    ["zero-width space after the slash", "/\u200Brebase"],
    ["zero-width space after the name", "/rebase\u200B"],
    ["zero-width joiner inside", "/re\u200Dbase"],
    ["word joiner before", "\u2060/rebase"],
    ["byte order mark before", "\uFEFF/rebase"],
    ["no-break space before", "\u00A0/rebase"],
    ["no-break space after", "/rebase\u00A0"],
    ["right-to-left override", "\u202E/rebase"],
    ["combining accent", "/rebase\u0301"],
    ["soft hyphen inside", "/re\u00ADbase"],
  ])("%s: %j", (_name, body) => {
    expect(parseComment(body).items).toEqual([]);
    expect(parseComment(`ok\n${body}\nok`).items).toEqual([]);
  });
});

describe("slashes in prose are not commands", () => {
  it.each([
    "/usr/bin/env node",
    "/etc/hosts is wrong",
    "/usr/bin",
    "/tmp/",
    "//rebase",
    "/ rebase",
    "/rebase.",
    "/rebase,",
    "/rebase!",
    "/rebase:",
    "/rebase/",
    "/rebase?",
    "me@example.com/rebase",
    "https://example.com/rebase",
    "http:/rebase",
    "see /rebase",
    "and/or /rebase",
    "C:\\rebase",
    "/",
    "/1rebase",
    "/-rebase",
    `/${"a".repeat(40)}`,
  ])("%j", (body) => {
    expect(parseComment(body).items).toEqual([]);
  });

  it("keeps unknown /words, with a suggestion only for near misses", () => {
    expect(parseComment("/etc").items).toEqual([
      { kind: "unknown", line: 1, raw: "/etc", name: "etc", suggestion: null },
    ]);
    expect(names("/rebsae\n/hodl\n/lnit\n/unignroe\n/promot prod\n/lgtm")).toEqual([
      "unknown:rebsae",
      "unknown:hodl",
      "unknown:lnit",
      "unknown:unignroe",
      "unknown:promot",
      "unknown:lgtm",
    ]);
    const suggestions = parseComment(
      "/rebsae\n/hodl\n/lnit\n/unignroe\n/promot prod\n/lgtm",
    ).items.map((i) => (i.kind === "unknown" ? i.suggestion : "?"));
    expect(suggestions).toEqual(["rebase", "hold", "lint", "unignore", "promote", null]);
  });
});

describe("arguments", () => {
  it.each([
    ["/rebase please", "`/rebase` takes no arguments."],
    [
      "/ignore this",
      "`/ignore` takes `this version`, `this major`, `this minor`, `this patch` or `this image`.",
    ],
    [
      "/ignore everything",
      "`/ignore` takes `this version`, `this major`, `this minor`, `this patch` or `this image`.",
    ],
    [
      "/ignore this major please",
      "`/ignore` takes `this version`, `this major`, `this minor`, `this patch` or `this image`.",
    ],
    [
      "/unignore 1.0 2.0",
      "`/unignore` takes at most one version, written as a tag (`/unignore 1.8.0`).",
    ],
    [
      "/unignore ../../etc",
      "`/unignore` takes at most one version, written as a tag (`/unignore 1.8.0`).",
    ],
    ["/promote", "`/promote` needs the environment to promote to (`/promote prod`)."],
    [
      "/promote prod now",
      "`/promote` takes one environment name: lower-case letters, digits and `-`.",
    ],
    [
      "/promote ../prod",
      "`/promote` takes one environment name: lower-case letters, digits and `-`.",
    ],
    [
      "/promote `prod`",
      "`/promote` takes one environment name: lower-case letters, digits and `-`.",
    ],
    ["/help me", "`/help` takes one command name."],
    ["/help rebsae", "`/help` takes one command name. Did you mean `/help rebase`?"],
  ])("%j is a usage error", (body, message) => {
    const [item] = parseComment(body).items;
    expect(item).toMatchObject({ kind: "invalid", message });
    expect(item && "usage" in item ? item.usage : "").toMatch(/^\//);
  });
});

describe("several commands, duplicates and limits", () => {
  it("reads several commands in order, once each", () => {
    expect(names("/hold\n/rebase\n/hold\n/ignore this major\n/ignore major")).toEqual([
      "hold",
      "rebase",
      "ignore",
    ]);
  });

  it("reads at most MAX_COMMANDS items and says so", () => {
    const body = Array.from({ length: 30 }, (_, i) => `/promote env-${i}`).join("\n");
    const parsed = parseComment(body);
    expect(parsed.items).toHaveLength(MAX_COMMANDS);
    expect(parsed.truncated).toBe(true);
  });

  it("tells comments of only commands from comments with prose", () => {
    expect(parseComment("/rebase\n\n<!-- hidden -->\n/hold\n").onlyCommands).toBe(true);
    expect(parseComment("/rebase\nthanks").onlyCommands).toBe(false);
    expect(parseComment("> /rebase\n/hold").onlyCommands).toBe(false);
    expect(parseComment("```\nx\n```\n/hold").onlyCommands).toBe(false);
  });

  it("reports line numbers across CRLF, CR and LF", () => {
    const lines = parseComment("a\r\nb\rc\n/hold\r\n\r\n/lint").items.map((i) => i.line);
    expect(lines).toEqual([4, 6]);
  });
});

describe("100 KB comments", () => {
  const KB100 = 100_000;
  it.each([
    [
      "prose with one command at the end",
      `${"lorem ipsum dolor sit amet ".repeat(KB100 / 27)}\n/rebase`,
      ["rebase"],
    ],
    ["one huge line of blanks after a command", `/unignore 1.0${" ".repeat(KB100)}`, ["unignore"]],
    ["blanks between words", `/unignore 1.0${" ".repeat(KB100)}x`, ["invalid:unignore"]],
    [
      "backtick runs of every length, never closed",
      `${Array.from({ length: 440 }, (_, i) => "`".repeat(i + 1)).join(" x ")}\n\n/hold`,
      ["hold"],
    ],
    [
      "backticks that pair up across a huge paragraph",
      `${"a `b` ".repeat(KB100 / 6)}\n/hold`,
      ["hold"],
    ],
    ["unclosed HTML comments everywhere", `${"x <!-- y ".repeat(KB100 / 9)}\n\n/hold`, ["hold"]],
    ["escaped comment openers", `${"\\<!-- ".repeat(KB100 / 6)}\n/hold`, ["hold"]],
    ["deeply nested quote markers", `${"> ".repeat(KB100 / 2)}/rebase\n\n/hold`, ["hold"]],
    ["thousands of quote lines", `${"> quoted /rebase\n".repeat(KB100 / 17)}\n/hold`, ["hold"]],
    ["thousands of fences", `${"```\n/rebase\n```\n".repeat(KB100 / 16)}/hold`, ["hold"]],
    ["thousands of command lines", "/rebase\n".repeat(KB100 / 8), ["rebase"]],
    ["a huge unknown-command line", `/x${"y".repeat(KB100)}`, []],
    ["a thematic-break lookalike", `${"- ".repeat(KB100 / 2)}x\n/hold`, ["hold"]],
  ])("%s", (_name, body, expected) => {
    expect(body.length).toBeGreaterThan(KB100 * 0.8);
    expect(names(body)).toEqual(expected);
  });
});
