import type { RepoRecord } from "../state/types.js";
import { userJson } from "./accounts.js";
import { nodeId } from "./node-id.js";
import { repoApi, repoHtml, type Urls } from "./urls.js";

/** The REST `repository` shape (the fields clients read; URLs follow GitHub's patterns). */
export function repoJson(u: Urls, r: RepoRecord): Record<string, unknown> {
  const api = repoApi(u, r);
  return {
    id: r.id,
    node_id: nodeId("Repository", r.id),
    name: r.name,
    full_name: r.fullName,
    owner: userJson(u, r.owner),
    private: r.private,
    visibility: r.private ? "private" : "public",
    html_url: repoHtml(u, r),
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    branches_url: `${api}/branches{/branch}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_trees_url: `${api}/git/trees{/sha}`,
    issues_url: `${api}/issues{/number}`,
    labels_url: `${api}/labels{/name}`,
    pulls_url: `${api}/pulls{/number}`,
    statuses_url: `${api}/statuses/{sha}`,
    clone_url: `${repoHtml(u, r)}.git`,
    git_url: `${repoHtml(u, r).replace(/^https?:/, "git:")}.git`,
    ssh_url: `git@sim:${r.fullName}.git`,
    created_at: r.createdAt,
    updated_at: r.createdAt,
    pushed_at: r.createdAt,
    default_branch: r.defaultBranch,
    archived: false,
    disabled: false,
    is_template: false,
    allow_auto_merge: true,
    allow_merge_commit: r.settings.allowMergeCommit,
    allow_squash_merge: r.settings.allowSquashMerge,
    allow_rebase_merge: r.settings.allowRebaseMerge,
    squash_merge_commit_title: r.settings.squashMergeCommitTitle,
    squash_merge_commit_message: r.settings.squashMergeCommitMessage,
    delete_branch_on_merge: false,
    has_issues: true,
    open_issues_count: [...r.issues.values()].filter((i) => i.state === "open").length,
    topics: [],
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
  };
}
