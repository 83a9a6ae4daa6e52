import { notFound } from "../errors.js";
import { diffTrees, formatUnifiedDiff } from "../diff.js";
import { commitsBetween, mergeBase } from "../git/history.js";
import { json, type RouteDef, type SimRequest } from "../http-types.js";
import { fileJson, repoCommitJson } from "../serialize/commits.js";
import { repoApi, repoHtml } from "../serialize/urls.js";
import { resolveRev } from "../state/refs.js";
import { repoOf } from "./input.js";

const wantsDiff = (req: SimRequest): boolean =>
  /application\/vnd\.github(\.v3)?\.(diff|patch)/.test(String(req.headers["accept"] ?? ""));

export const compareRoutes: RouteDef[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/compare/{basehead}",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const spec = req.params["basehead"] ?? "";
      const m = /^(.+?)(\.\.\.?)(.+)$/.exec(spec) ?? notFound();
      const strip = (s: string): string => s.replace(/^[^:]+:/, "");
      const base = resolveRev(repo, strip(m[1] as string)) ?? notFound();
      const head = resolveRev(repo, strip(m[3] as string)) ?? notFound();
      const mb = mergeBase(repo.git, base, head);
      const from = m[2] === "..." ? mb : base;
      const files = diffTrees(
        repo.git,
        from ? (repo.git.commit(from)?.tree ?? null) : null,
        repo.git.commit(head)?.tree ?? "",
      );
      if (wantsDiff(req))
        return {
          status: 200,
          text: formatUnifiedDiff(files),
          headers: { "content-type": "application/vnd.github.diff; charset=utf-8" },
        };
      const ahead = commitsBetween(repo.git, base, head);
      const behind = commitsBetween(repo.git, head, base).length;
      const status =
        ahead.length === 0 && behind === 0
          ? "identical"
          : behind === 0
            ? "ahead"
            : ahead.length === 0
              ? "behind"
              : "diverged";
      const html = `${repoHtml(ctx.urls, repo)}/compare/${spec}`;
      const commit = (sha: string) => repoCommitJson(ctx.state, ctx.urls, repo, sha);
      return json(200, {
        url: `${repoApi(ctx.urls, repo)}/compare/${spec}`,
        html_url: html,
        permalink_url: html,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        base_commit: commit(base),
        merge_base_commit: mb ? commit(mb) : null,
        status,
        ahead_by: ahead.length,
        behind_by: behind,
        total_commits: ahead.length,
        commits: ahead.slice(0, 250).map(commit),
        files: files.slice(0, 300).map((f) => fileJson(ctx.urls, repo, head, f)),
      });
    },
  },
];
