import { describe, expect, it } from "vitest";
import {
  COMMANDS,
  COMMAND_NAMES,
  parseComment,
  renderHelp,
} from "../../../src/core/commands/index.js";

describe("/help", () => {
  it("lists every command on the app's PRs, as a table whose usages parse back", () => {
    const help = renderHelp({ appPullRequest: true });
    for (const name of COMMAND_NAMES)
      expect(help).toContain(`\`${COMMANDS[name].usage.replace(/\|/g, "\\|")}\``);
    expect(help.split("\n").filter((l) => l.startsWith("| `/"))).toHaveLength(COMMAND_NAMES.length);
    // The help itself holds no command a reader could trigger by quoting it back.
    expect(parseComment(help).items).toEqual([]);
  });

  it("lists only /lint, /recheck and /help elsewhere, and says what the app's PRs add", () => {
    const help = renderHelp({ appPullRequest: false });
    const rows = help
      .split("\n")
      .filter((l) => l.startsWith("| `/"))
      .map((l) => /`(\/\w+)/.exec(l)?.[1]);
    expect(rows).toEqual(["/lint", "/recheck", "/help"]);
    expect(help).toMatch(/On pull requests that bumpwarden opens, `\/rebase`/);
  });

  it("explains one command", () => {
    expect(renderHelp({ appPullRequest: true, topic: "ignore" })).toBe(
      [
        "`/ignore [this] version|major|minor|patch|image`",
        "",
        COMMANDS.ignore.summary,
        "",
        "Works on pull requests bumpwarden opens; people with write access can run it.",
      ].join("\n"),
    );
    expect(renderHelp({ appPullRequest: false, topic: "lint" })).toMatch(
      /Works on any pull request; the PR author and people with write access can run it\.$/,
    );
  });
});
