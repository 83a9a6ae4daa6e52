/** What a CLI command may touch: its streams, its working directory and its environment. */
export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
  env: Record<string, string | undefined>;
}

/** A CLI subcommand. Returns the process exit code; writes only through `io`. */
export interface CliCommand {
  /** One line for `bumpwarden --help`. */
  summary: string;
  /** Full help text: usage, options, examples, exit codes. */
  help: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** Exit codes shared by every command (documented in docs/cli.md). */
export const EXIT = {
  ok: 0,
  /** The check found problems (lint errors, a commit message that fails). */
  failed: 1,
  /** Bad usage or bad input: unknown flag, invalid tag, unreadable file. Nothing was changed. */
  usage: 2,
} as const;

/** A command's usage error: writes `bumpwarden <command>: <message>` and gives `EXIT.usage`. */
export function usageErrorFor(command: string): (io: CliIO, message: string) => number {
  return (io, message) => {
    io.stderr.write(`bumpwarden ${command}: ${message}\n`);
    return EXIT.usage;
  };
}
