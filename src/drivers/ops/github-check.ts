/** The part of an app-authenticated Octokit (`await app.auth()`) the check uses. */
export interface AppOctokit {
  request(route: "GET /app"): Promise<{ data: { slug?: string; id?: number } | null }>;
}

/**
 * GitHub App authentication works: the private key signs an app JWT and GitHub answers `GET /app`
 * with it (a wrong key, app id or clock answers 401).
 */
export async function checkGitHubApp(
  appOctokit: () => Promise<AppOctokit>,
): Promise<{ ok: boolean; detail: string }> {
  const octokit = await appOctokit();
  const { data } = await octokit.request("GET /app");
  return { ok: true, detail: `authenticated as app ${data?.slug ?? data?.id ?? "(unnamed)"}` };
}
