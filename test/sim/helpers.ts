import { Octokit } from "@octokit/rest";
import { expect } from "vitest";
import {
  startGitHubSimulator,
  type GitHubSimulator,
  type SimulatorOptions,
} from "../../sim/github/index.js";
import type { Files } from "../../sim/github/human.js";

/** A JWT-shaped app token: the simulator checks its shape and issuer, not its signature. */
export function appJwt(appId: number): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: "RS256", typ: "JWT" })}.${part({ iat: now - 30, exp: now + 540, iss: appId })}.c2lnbmF0dXJl`;
}

export interface World {
  sim: GitHubSimulator;
  octokit: Octokit;
  installationId: number;
  /** The installation access token `octokit` uses. */
  token: string;
  repo: { owner: string; repo: string };
  full: string;
}

/** A simulator with one organization, the app installed on it, one repository, and an installation-token Octokit. */
export async function world(
  files: Files = { "README.md": "# demo\n" },
  options: SimulatorOptions = {},
): Promise<World> {
  const sim = await startGitHubSimulator(options);
  const inst = sim.human.installApp({ account: "acme" });
  sim.human.createRepo({ owner: "acme", name: "gitops", files });
  const app = new Octokit({ baseUrl: sim.url, auth: appJwt(sim.state.app.id) });
  const { data } = await app.rest.apps.createInstallationAccessToken({ installation_id: inst.id });
  const octokit = new Octokit({ baseUrl: sim.url, auth: data.token });
  return {
    sim,
    octokit,
    installationId: inst.id,
    token: data.token,
    repo: { owner: "acme", repo: "gitops" },
    full: "acme/gitops",
  };
}

/** A GitOps repository with a dev and a prod kustomization, and a config naming dev. */
export const KUSTOMIZE_FILES = {
  "clusters/dev/kustomization.yaml": "images:\n  - name: acme/api\n    newTag: 1.7.0\n",
  "clusters/prod/kustomization.yaml": "images:\n  - name: acme/api\n    newTag: 1.6.0\n",
  ".github/bumpwarden.yml": "environments:\n  dev: [clusters/dev/**]\n",
};

/** Closes the simulator after checking that nothing broke its API contract or crashed it. */
export async function closeClean(w: World): Promise<void> {
  expect(w.sim.violations).toEqual([]);
  expect(w.sim.crashes).toEqual([]);
  await w.sim.close();
}

/** The commit a branch of acme/gitops points to, read through GraphQL ("" when it does not exist). */
export async function headOid(w: World, branch: string): Promise<string> {
  const r = await w.octokit.graphql<{ repository: { ref: { target: { oid: string } } | null } }>(
    `query($ref: String!) { repository(owner: "acme", name: "gitops") { ref(qualifiedName: $ref) { target { oid } } } }`,
    { ref: `refs/heads/${branch}` },
  );
  return r.repository.ref?.target.oid ?? "";
}

export async function graphql<T>(
  w: World,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  return w.octokit.graphql<T>(query, variables);
}

/** The HTTP status a request ends with (Octokit throws for >= 400). */
export async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    if (typeof e === "object" && e !== null && "status" in e && typeof e.status === "number")
      return e.status;
    throw e;
  }
}
