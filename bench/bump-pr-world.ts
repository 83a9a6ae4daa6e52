import { generateKeyPairSync } from "node:crypto";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { startGitHubSimulator } from "../sim/github/index.js";
import type { GitHubSimulator } from "../sim/github/index.js";
import type { GitHubClient } from "../src/adapters/github/client.js";
import type { RepoName } from "../src/ports/git-host.js";

/**
 * The GitHub simulator with the app installed on `acme` and an installation client made by a
 * real Probot, as the app makes it: Probot's default Octokit (throttling on, which spaces GraphQL
 * and write requests one second apart per installation) or the same with throttling off.
 */
export interface BenchWorld {
  sim: GitHubSimulator;
  installationId: number;
  client: GitHubClient;
  close(): Promise<void>;
}

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
});

export async function startBenchWorld(throttle: boolean): Promise<BenchWorld> {
  const sim = await startGitHubSimulator();
  const installation = sim.human.installApp({ account: "acme" });
  const Octokit = throttle
    ? ProbotOctokit
    : ProbotOctokit.defaults((options: ConstructorParameters<typeof ProbotOctokit>[0] = {}) => ({
        ...options,
        throttle: { ...options.throttle, enabled: false },
      }));
  const probot = new Probot({
    appId: sim.state.app.id,
    privateKey,
    baseUrl: sim.url,
    Octokit,
    log: pino({ level: "silent" }),
  });
  const client = (await probot.auth(installation.id)) as unknown as GitHubClient;
  sim.human.createRepo({ owner: "acme", name: "warmup", files: { "README.md": "# warmup\n" } });
  await client.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "warmup" }); // fetches the installation token
  return { sim, installationId: installation.id, client, close: () => sim.close() };
}

/** What a PR a bot opened consists of, for checking that two bots opened the same PRs. */
export function describePulls(sim: GitHubSimulator, repo: RepoName): string {
  const record = sim.human.repo(`${repo.owner}/${repo.name}`);
  const pulls = [...record.issues.values()]
    .filter((i) => i.isPull && i.state === "open")
    .map((issue) => {
      const pull = record.pulls.get(issue.number);
      const head = record.refs.get(`refs/heads/${pull?.head ?? ""}`) ?? "";
      const commit = record.git.commit(head);
      return {
        title: issue.title,
        body: issue.body,
        labels: [...issue.labels].sort(),
        head: pull?.head,
        base: pull?.base,
        tree: commit?.tree,
        message: commit?.message,
        parents: commit?.parents.length,
      };
    })
    .sort((a, b) => (a.head ?? "").localeCompare(b.head ?? ""));
  return JSON.stringify(pulls, null, 1);
}
