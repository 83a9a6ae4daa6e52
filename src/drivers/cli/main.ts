import type { CliCommand, CliIO } from "./io.js";
import { EXIT } from "./io.js";

/** The explicit list of subcommands; each module default-exports a CliCommand. */
const commands: Record<string, () => Promise<{ default: CliCommand }>> = {
  lint: () => import("./lint.js"),
  resolve: () => import("./resolve.js"),
  scan: () => import("./scan.js"),
  bump: () => import("./bump.js"),
  commitlint: () => import("./commitlint.js"),
};

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(await usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write(`${await version()}\n`);
    return EXIT.ok;
  }
  const load = commands[name];
  if (!load) {
    io.stderr.write(`bumpwarden: unknown command "${name}". Run "bumpwarden --help".\n`);
    return EXIT.usage;
  }
  const command = (await load()).default;
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(command.help);
    return EXIT.ok;
  }
  return command.run(rest, io);
}

async function usage(): Promise<string> {
  const lines = ["Usage: bumpwarden <command> [options]", "", "Commands:"];
  for (const [name, load] of Object.entries(commands))
    lines.push(`  ${name.padEnd(12)}${(await load()).default.summary}`);
  lines.push(
    "",
    'Run "bumpwarden <command> --help" for a command\'s options and examples.',
    "",
    "Exit codes (every command): 0 done, 1 the check found a problem (a lint error, a failing commit",
    "message, an edit that could not be verified), 2 bad usage or bad input (nothing was changed).",
    "",
    "Examples:",
    "  bumpwarden scan . --json",
    "  bumpwarden bump . --image ghcr.io/acme/api --tag 1.8.0 --env staging --dry-run",
    "  bumpwarden lint --policy policies/ clusters/",
    '  bumpwarden resolve ghcr.io/acme/api --semver "^1" --current 1.7.2',
    '  bumpwarden commitlint --title "feat(api): add pagination"',
    "",
  );
  return lines.join("\n");
}

async function version(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const pkg = JSON.parse(await readFile(new URL("../../../package.json", import.meta.url), "utf8"));
  return String((pkg as { version?: unknown }).version ?? "unknown");
}
