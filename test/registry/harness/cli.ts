import type { TestRegistry } from "./registry.js";
import { envPrefix } from "../../../src/adapters/registry/credentials.js";
import { runCli } from "../../cli/run-cli.js";

/** Runs `bumpwarden resolve …` in-process, as a user with the test registry's credentials would. */
export async function resolveCli(
  reg: TestRegistry,
  cwd: string,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  const env = {
    HOME: cwd,
    [`${envPrefix(reg.host)}_USERNAME`]: reg.user.username,
    [`${envPrefix(reg.host)}_PASSWORD`]: reg.user.password,
    BUMPWARDEN_INSECURE_REGISTRIES: reg.host,
  };
  const { code, stdout, stderr } = await runCli(["resolve", ...args], cwd, env);
  return { code, out: stdout, err: stderr };
}
