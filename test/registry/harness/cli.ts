import { main } from "../../../src/drivers/cli/main.js";
import type { TestRegistry } from "./registry.js";
import { envPrefix } from "../../../src/adapters/registry/credentials.js";

/** Runs `bumpwarden resolve …` in-process, as a user with the test registry's credentials would. */
export async function resolveCli(
  reg: TestRegistry,
  cwd: string,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const env = {
    HOME: cwd,
    [`${envPrefix(reg.host)}_USERNAME`]: reg.user.username,
    [`${envPrefix(reg.host)}_PASSWORD`]: reg.user.password,
    BUMPWARDEN_INSECURE_REGISTRIES: reg.host,
  };
  const code = await main(["resolve", ...args], {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    cwd,
    env,
  });
  return { code, out, err };
}
