import type { RepoRecord } from "../state/types.js";

/** Absolute URLs in responses: `api` is the REST base the client used, `web` the "html" origin. */
export interface Urls {
  api: string;
  web: string;
  graphql: string;
}

export const repoApi = (u: Urls, r: RepoRecord): string => `${u.api}/repos/${r.fullName}`;
export const repoHtml = (u: Urls, r: RepoRecord): string => `${u.web}/${r.fullName}`;
