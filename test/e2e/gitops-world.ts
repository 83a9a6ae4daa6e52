import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "vitest";
import { startGitHubSimulator } from "../../sim/github/index.js";
import type { Files, GitHubSimulator, SimulatorOptions } from "../../sim/github/index.js";
import { GitHubGitHost } from "../../src/adapters/github/git-host.js";
import type { GitHubClient } from "../../src/adapters/github/client.js";
import { createTestProbot } from "../harness/probot.js";

/** The bundled example GitOps repository (`examples/gitops/`) as a path → text map. */
export function exampleRepoFiles(dir = "examples/gitops"): Record<string, string> {
  const root = new URL(`../../${dir}/`, import.meta.url).pathname;
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) =>
      statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)],
    );
  return Object.fromEntries(walk(root).map((p) => [relative(root, p), readFileSync(p, "utf8")]));
}

export interface GitOpsWorld {
  sim: GitHubSimulator;
  installationId: number;
  repo: { owner: string; name: string };
  full: string;
  /** A validated installation Octokit from a real Probot, as the app uses it. */
  client: GitHubClient;
  host: GitHubGitHost;
  close(): Promise<void>;
}

/** The simulator with the app installed on `acme` and the example repository as `acme/gitops`. */
export async function gitopsWorld(
  files: Files = exampleRepoFiles(),
  options: SimulatorOptions = {},
): Promise<GitOpsWorld> {
  const sim = await startGitHubSimulator(options);
  const installation = sim.human.installApp({ account: "acme" });
  sim.human.createRepo({ owner: "acme", name: "gitops", files });
  const probot = await createTestProbot(undefined, { baseUrl: sim.url });
  const client = (await probot.auth(installation.id)) as unknown as GitHubClient;
  return {
    sim,
    installationId: installation.id,
    repo: { owner: "acme", name: "gitops" },
    full: "acme/gitops",
    client,
    host: new GitHubGitHost(client),
    async close() {
      expect(sim.violations, "requests GitHub would reject").toEqual([]);
      expect(sim.unhandled, "requests the simulator does not implement").toEqual([]);
      expect(sim.crashes).toEqual([]);
      await sim.close();
    },
  };
}
