import type { Account } from "../state/types.js";
import { nodeId } from "./node-id.js";
import type { Urls } from "./urls.js";

/** The REST `simple-user` shape. */
export function userJson(u: Urls, a: Account): Record<string, unknown> {
  const api = `${u.api}/users/${encodeURIComponent(a.login)}`;
  return {
    login: a.login,
    id: a.id,
    node_id: nodeId(a.type, a.id),
    avatar_url: `${u.web}/avatars/u/${a.id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url:
      a.type === "Bot" ? `${u.web}/apps/${a.login.replace(/\[bot\]$/, "")}` : `${u.web}/${a.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: a.type,
    site_admin: false,
  };
}
