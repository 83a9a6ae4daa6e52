import { fail } from "../errors.js";
import type { RouteDef } from "../http-types.js";
import { issueJson } from "../serialize/issues.js";
import type { IssueRecord, RepoRecord } from "../state/types.js";
import { paginateWrapped } from "./input.js";

type Filter = (repo: RepoRecord, issue: IssueRecord) => boolean;

/** One search qualifier (`repo:`, `is:`, `state:`, `label:`, `author:`, `head:`, `base:`) or a word. */
function qualifier(term: string): Filter {
  const m = /^(-?)(\w+):"?([^"]*)"?$/.exec(term);
  if (!m) {
    const word = term.replace(/^"|"$/g, "").toLowerCase();
    return (_r, i) =>
      i.title.toLowerCase().includes(word) || (i.body ?? "").toLowerCase().includes(word);
  }
  const [, negate, key = "", raw = ""] = m;
  const value = raw.toLowerCase();
  const test = ((): Filter => {
    switch (key) {
      case "repo":
        return (r) => r.fullName.toLowerCase() === value;
      case "org":
      case "user":
        return (r) => r.owner.login.toLowerCase() === value;
      case "is":
        if (value === "pr") return (_r, i) => i.isPull;
        if (value === "issue") return (_r, i) => !i.isPull;
        if (value === "merged") return (r, i) => r.pulls.get(i.number)?.merged === true;
        return (_r, i) => i.state === value;
      case "state":
        return (_r, i) => i.state === value;
      case "type":
        return (_r, i) => i.isPull === (value === "pr");
      case "label":
        return (_r, i) => i.labels.some((l) => l.toLowerCase() === value);
      case "author":
        return (_r, i) =>
          [
            i.user.login.toLowerCase(),
            `app/${i.user.login.toLowerCase().replace(/\[bot\]$/, "")}`,
          ].includes(value);
      case "head":
        return (r, i) => r.pulls.get(i.number)?.head.toLowerCase() === value;
      case "base":
        return (r, i) => r.pulls.get(i.number)?.base.toLowerCase() === value;
      case "in":
        return () => true;
      default:
        return fail(422, "Validation Failed", [
          {
            resource: "Search",
            field: "q",
            code: "invalid",
            message: `unsupported qualifier ${key}:`,
          },
        ]);
    }
  })();
  return negate ? (r, i) => !test(r, i) : test;
}

export const searchRoutes: RouteDef[] = [
  {
    method: "GET",
    template: "/search/issues",
    handler: (req, ctx) => {
      const q = req.query.get("q") ?? "";
      const filters = (q.match(/-?\w+:"[^"]*"|"[^"]*"|\S+/g) ?? []).map(qualifier);
      const caller = req.caller;
      const repos = [...ctx.state.repos.values()].filter((r) =>
        caller.kind === "installation"
          ? ctx.state.installationFor(r)?.id === caller.installation.id
          : !r.private,
      );
      const hits = repos.flatMap((repo) =>
        [...repo.issues.values()]
          .filter((i) => filters.every((f) => f(repo, i)))
          .map((i) => ({ repo, i })),
      );
      hits.sort((a, b) => b.i.createdAt.localeCompare(a.i.createdAt) || b.i.number - a.i.number);
      return paginateWrapped(
        req,
        ctx.urls,
        "items",
        hits.map(({ repo, i }) => ({ ...issueJson(ctx.urls, repo, i), score: 1 })),
        { incomplete_results: false },
      );
    },
  },
];
