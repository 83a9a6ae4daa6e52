import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsx = join(root, "node_modules/.bin/tsx");
let repo: string;

function git(...args: string[]) {
  return spawnSync("git", args, {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, GIT_EDITOR: "true" },
  });
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), "bumpwarden-hook-"));
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: repo });
  git("config", "user.email", "dev@example.com");
  git("config", "user.name", "Dev");
  // What the docs tell people to install, with the CLI run from source instead of npx.
  writeFileSync(
    join(repo, "run-cli.mts"),
    `import { main } from ${JSON.stringify(join(root, "src/drivers/cli/main.ts"))};\n` +
      "process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });\n",
  );
  writeFileSync(
    join(repo, ".git/hooks/commit-msg"),
    `#!/bin/sh\nexec ${JSON.stringify(tsx)} run-cli.mts commitlint "$1"\n`,
  );
  chmodSync(join(repo, ".git/hooks/commit-msg"), 0o755);
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe("bumpwarden commitlint as git's commit-msg hook", () => {
  it("lets a Conventional Commit through", () => {
    const result = git(
      "commit",
      "--allow-empty",
      "-m",
      "feat: add dark mode",
      "-m",
      "Users asked for it.",
    );
    expect(result.status, result.stderr).toBe(0);
    expect(git("log", "-1", "--format=%s").stdout.trim()).toBe("feat: add dark mode");
  });

  it("stops any other message and says how to fix it", () => {
    const result = git("commit", "--allow-empty", "-m", "Fix crash on start");
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/suggested header: fix: crash on start/);
    expect(git("log", "-1", "--format=%s").stdout.trim()).toBe("feat: add dark mode");
  });

  it("ignores git's comment lines and the verbose diff in the edited message", () => {
    // An editor that writes the message above git's template: comments, then `-v`'s diff.
    const editor = join(repo, "editor.sh");
    writeFileSync(
      editor,
      '#!/bin/sh\n{ printf "fix: handle empty input\\n"; cat "$1"; } > "$1.new" && mv "$1.new" "$1"\n',
    );
    chmodSync(editor, 0o755);
    // Unstripped, this 150-character line of the diff would break body-max-line-length.
    writeFileSync(join(repo, "notes.txt"), `${"x".repeat(150)}\n`);
    git("add", "notes.txt");
    const result = spawnSync("git", ["commit", "-v", "-e"], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, GIT_EDITOR: editor },
    });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(git("log", "-1", "--format=%B").stdout.trim()).toBe("fix: handle empty input");
  });
}, 60_000);
