import { beforeEach, describe, expect, it } from "vitest";
import { runCli, tempTree, writeTree } from "./run-cli.js";

let dir: string;
beforeEach(async () => {
  dir = await tempTree();
});

const write = (files: Record<string, string>): void => writeTree(dir, files);
const cli = (...args: string[]) => runCli(["commitlint", ...args], dir);

describe("bumpwarden commitlint", () => {
  it("passes a Conventional Commit quietly", async () => {
    expect(await cli("feat(api)!: drop v1 endpoints")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("fails with the problems and a suggested header", async () => {
    const { code, stdout } = await cli("Fix crash on start");
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        "header: Fix crash on start",
        "  ✖ subject may not be empty [subject-empty]",
        "  ✖ type may not be empty [type-empty]",
        "  suggested header: fix: crash on start",
        "✖ 2 problems, 0 warnings",
        "",
      ].join("\n"),
    );
  });

  it("prints warnings but passes", async () => {
    const { code, stdout } = await cli("feat: x\nbody without a blank line");
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /⚠ body must have leading blank line \[body-leading-blank\]\n⚠ 0 problems, 1 warning/,
    );
  });

  it("checks PR titles with --title", async () => {
    const { code, stdout } = await cli("--title", "Bump lodash from 4.17.20 to 4.17.21");
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /suggested title: chore\(deps\): bump lodash from 4\.17\.20 to 4\.17\.21/,
    );
    expect((await cli("--title", "feat: a\nb")).code).toBe(2);
  });

  it("prints JSON", async () => {
    const { code, stdout } = await cli("--json", "feat:missing space");
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({
      valid: false,
      header: "feat:missing space",
      problems: [
        { rule: "subject-empty", severity: "error", message: "subject may not be empty" },
        { rule: "type-empty", severity: "error", message: "type may not be empty" },
      ],
      suggestion: "feat: missing space",
    });
  });

  it("reads the repository's .github/bumpwarden.yml, or --config", async () => {
    write({
      ".github/bumpwarden.yml":
        "commits:\n  types: [feature, bugfix]\n  rules:\n    subject-case: off\n",
      "strict.yml": "commits:\n  scopes: [api]\n",
    });
    expect((await cli("feature: Add dark mode")).code).toBe(0);
    expect((await cli("feat: add dark mode")).stdout).toMatch(
      /type must be one of \[feature, bugfix, chore, fix\]/,
    );
    expect((await cli("--config", "strict.yml", "feat(ui): add dark mode")).stdout).toMatch(
      /\[scope-enum\]/,
    );
  });

  it("reads a message file the way a commit-msg hook gets it", async () => {
    write({
      ".git/COMMIT_EDITMSG":
        "fix: crash on start\n\n# Please enter the commit message for your changes.\n# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n",
      "semicolon.txt": "feat: x\n; comment that would be a body line\n",
    });
    expect(await cli(".git/COMMIT_EDITMSG")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect((await cli("--comment-char", ";", "semicolon.txt")).code).toBe(0);
    expect((await cli("semicolon.txt")).stdout).toMatch(/body-leading-blank/);
  });

  it.each([
    [[], /give the message to check/],
    [["feat:", "add", "x"], /quote the message/],
    [["--nope", "feat: x"], /Unknown option '--nope'/],
    [["--comment-char", "//", "x"], /--comment-char takes one character/],
    [["  \n "], /the message is empty/],
    [["--config", "missing.yml", "feat: x"], /cannot read missing\.yml/],
  ])("usage errors exit 2: %j", async (args, message) => {
    const { code, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it("reports an invalid config with its path and exits 2", async () => {
    write({
      ".github/bumpwarden.yml":
        "commits:\n  rules:\n    header-max-length: [error, always, long]\n",
    });
    const { code, stderr } = await cli("feat: x");
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^\.github\/bumpwarden\.yml: commits\.rules\.header-max-length\.2: header-max-length: .*number/,
    );
  });

  it("is listed by bumpwarden --help", async () => {
    const { stdout: out } = await runCli(["--help"], dir);
    expect(out).toMatch(/commitlint\s+Check a commit message/);
  });
});
