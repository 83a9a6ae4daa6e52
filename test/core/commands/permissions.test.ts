import { describe, expect, it } from "vitest";
import type {
  CommandContext,
  CommandName,
  PermissionLevel,
} from "../../../src/core/commands/index.js";
import {
  COMMANDS,
  COMMAND_NAMES,
  decide,
  needsPermission,
  parseComment,
  permissionLevel,
  planComment,
  skipReason,
  toCommentRequest,
} from "../../../src/core/commands/index.js";
import { webhookExample } from "../../harness/webhooks.js";

const LEVELS: PermissionLevel[] = ["admin", "maintain", "write", "triage", "read", "none"];
const WRITERS = new Set<PermissionLevel>(["admin", "maintain", "write"]);

const ctx = (
  over: Partial<CommandContext> & {
    permission?: PermissionLevel | null;
    login?: string;
    type?: string;
  },
): CommandContext => ({
  actor: {
    login: over.login ?? "octocat",
    type: over.type ?? "User",
    permission: over.permission ?? null,
  },
  appPullRequest: over.appPullRequest ?? true,
  pullRequestAuthor: over.pullRequestAuthor ?? "bumpwarden[bot]",
  allowList: over.allowList ?? [],
});

describe("the permission model is data", () => {
  it("marks state-changing commands and where each applies", () => {
    const table = COMMAND_NAMES.map((n) => [
      n,
      COMMANDS[n].changesState,
      COMMANDS[n].scope,
      COMMANDS[n].audience,
    ]);
    expect(table).toEqual([
      ["rebase", true, "app", "writer"],
      ["recreate", true, "app", "writer"],
      ["ignore", true, "app", "writer"],
      ["unignore", true, "app", "writer"],
      ["hold", true, "app", "writer"],
      ["unhold", true, "app", "writer"],
      ["promote", true, "app", "writer"],
      ["merge", true, "app", "writer"],
      ["lint", false, "any", "author-or-writer"],
      ["recheck", false, "any", "author-or-writer"],
      ["help", false, "any", "anyone"],
    ]);
  });
});

describe("decide: every command × permission level × kind of PR", () => {
  const rows = COMMAND_NAMES.flatMap((name) =>
    LEVELS.flatMap((level) => [true, false].map((app) => [name, level, app] as const)),
  );
  it.each(rows)("/%s by %s on %s", (name: CommandName, level, app) => {
    const spec = COMMANDS[name];
    const decision = decide(name, ctx({ permission: level, appPullRequest: app }));
    if (spec.scope === "app" && !app)
      expect(decision).toEqual({ kind: "ignore", reason: "not-app-pull-request" });
    else if (spec.audience === "anyone" || WRITERS.has(level))
      expect(decision).toEqual({ kind: "allow" });
    else expect(decision).toEqual({ kind: "refuse", reason: "permission" });
  });

  it("lets the allow-list in, case-insensitively, with or without @", () => {
    expect(
      decide("rebase", ctx({ permission: "read", login: "Alice", allowList: ["@alice"] })),
    ).toEqual({ kind: "allow" });
    expect(decide("rebase", ctx({ permission: null, login: "bob", allowList: ["alice"] }))).toEqual(
      { kind: "refuse", reason: "permission" },
    );
  });

  it("lets a PR's author re-run checks on their own PR, but not change state", () => {
    const own = ctx({
      permission: "read",
      login: "dev",
      pullRequestAuthor: "Dev",
      appPullRequest: false,
    });
    expect(decide("lint", own)).toEqual({ kind: "allow" });
    expect(decide("recheck", own)).toEqual({ kind: "allow" });
    expect(decide("rebase", { ...own, appPullRequest: true })).toEqual({
      kind: "refuse",
      reason: "permission",
    });
  });

  it("ignores bots, the app itself included, whatever their permission", () => {
    for (const actor of [
      { login: "bumpwarden[bot]", type: "Bot" },
      { login: "dependabot[bot]", type: "User" },
      { login: "renovate", type: "Bot" },
    ])
      for (const name of COMMAND_NAMES)
        expect(decide(name, ctx({ ...actor, permission: "admin" }))).toEqual({
          kind: "ignore",
          reason: "bot",
        });
  });

  it("asks for the permission only when it matters", () => {
    const base = {
      appPullRequest: false,
      pullRequestAuthor: "x",
      allowList: [],
      actor: { login: "a", type: "User" },
    };
    expect(needsPermission("help", base)).toBe(false);
    expect(needsPermission("rebase", base)).toBe(false);
    expect(needsPermission("lint", base)).toBe(true);
    expect(needsPermission("rebase", { ...base, appPullRequest: true })).toBe(true);
    expect(
      needsPermission("rebase", {
        ...base,
        appPullRequest: true,
        actor: { login: "x[bot]", type: "Bot" },
      }),
    ).toBe(false);
  });

  it("maps the collaborator API's answer", () => {
    expect(permissionLevel({ permission: "write", role_name: "maintain" })).toBe("maintain");
    expect(permissionLevel({ permission: "read", role_name: "custom-auditor" })).toBe("read");
    expect(permissionLevel({ permission: "admin" })).toBe("admin");
    expect(permissionLevel({})).toBe("none");
  });
});

/** GitHub's own example payloads, turned into a comment on a pull request. */
function prComment(body: string, over: { action?: string; login?: string; type?: string } = {}) {
  const example = structuredClone(webhookExample("issue_comment", "created")) as unknown as Record<
    string,
    Record<string, unknown>
  >;
  const issue = example.issue as Record<string, unknown>;
  const comment = example.comment as Record<string, unknown>;
  issue.pull_request = { url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/1" };
  comment.body = body;
  comment.user = {
    ...(comment.user as object),
    login: over.login ?? "Codertocat",
    type: over.type ?? "User",
  };
  (example as Record<string, unknown>).action = over.action ?? "created";
  return example;
}

describe("from real webhook payloads to a plan", () => {
  it("reads GitHub's issue_comment examples", () => {
    for (const action of ["created", "edited", "deleted"] as const) {
      const request = toCommentRequest(webhookExample("issue_comment", action));
      expect(request.ok).toBe(true);
      if (!request.ok) continue;
      expect(request.value).toMatchObject({
        action,
        owner: "Codertocat",
        repo: "Hello-World",
        isPullRequest: false,
      });
      expect(skipReason(request.value)).toBe(
        action === "created" ? "not-a-pull-request" : "not-created",
      );
    }
    expect(toCommentRequest({ action: "created" })).toEqual({
      ok: false,
      error: expect.stringMatching(/^not an issue_comment payload: issue/),
    });
  });

  it("skips edits, bots and comments without a slash before parsing", () => {
    const skip = (payload: unknown) => {
      const r = toCommentRequest(payload);
      return r.ok ? skipReason(r.value) : r.error;
    };
    expect(skip(prComment("/rebase"))).toBeNull();
    expect(skip(prComment("/rebase", { action: "edited" }))).toBe("not-created");
    expect(skip(prComment("/rebase", { login: "bumpwarden[bot]", type: "Bot" }))).toBe("bot");
    expect(skip(prComment("looks good"))).toBe("no-slash");
  });

  it.each([
    [
      "a writer's commands run",
      "/hold\n/ignore this major",
      "write",
      true,
      { run: ["hold", "ignore"], reaction: "+1", reply: null },
    ],
    [
      "a reader is refused once, politely",
      "/rebase\n/hold",
      "read",
      true,
      {
        run: [],
        reaction: "confused",
        reply: /^Thanks @Codertocat! `\/rebase` and `\/hold` need write access/,
      },
    ],
    [
      "anyone may ask for help",
      "/help",
      "none",
      false,
      { run: ["help"], reaction: "+1", reply: null },
    ],
    [
      "app commands on someone else's PR are left to other bots",
      "/rebase\n/merge",
      "admin",
      false,
      { run: [], reaction: null, reply: null },
    ],
    [
      "usage errors are answered",
      "/promote",
      "write",
      true,
      {
        run: [],
        reaction: "confused",
        reply: /needs the environment.*Usage: `\/promote <environment>`/,
      },
    ],
    [
      "near-miss typos are answered when the comment is only commands",
      "/rebsae",
      "write",
      true,
      { run: [], reaction: "confused", reply: "I don't know `/rebsae`. Did you mean `/rebase`?" },
    ],
    [
      "but not inside prose",
      "/rebsae\nthanks!",
      "write",
      true,
      { run: [], reaction: null, reply: null },
    ],
    [
      "unknown commands of other bots get no answer",
      "/lgtm\n/approve",
      "write",
      true,
      { run: [], reaction: null, reply: null },
    ],
    [
      "on someone else's PR a reader may not re-run the review; app commands stay silent",
      "/lint\n/rebase",
      "read",
      false,
      { run: [], reaction: "confused", reply: /`\/lint` needs write access/ },
    ],
    [
      "a mix runs what it may and refuses the rest",
      "/help\n/hold",
      "triage",
      true,
      { run: ["help"], reaction: "confused", reply: /`\/hold` needs write access/ },
    ],
  ] as const)("%s", (_name, body, level, app, expected) => {
    const request = toCommentRequest(prComment(body));
    if (!request.ok) throw new Error(request.error);
    const plan = planComment(parseComment(request.value.body), {
      actor: { ...request.value.author, permission: level },
      appPullRequest: app,
      pullRequestAuthor: app ? "bumpwarden[bot]" : "someone-else",
      allowList: [],
    });
    expect(plan.run.map((r) => r.command.name)).toEqual(expected.run);
    expect(plan.reaction).toBe(expected.reaction);
    if (expected.reply === null) expect(plan.reply).toBeNull();
    else expect(plan.reply).toMatch(expected.reply);
  });

  it("says when it stopped reading", () => {
    const body = Array.from({ length: 12 }, (_, i) => `/promote e${i}`).join("\n");
    const plan = planComment(parseComment(body), ctx({ permission: "write" }));
    expect(plan.run).toHaveLength(10);
    expect(plan.reply).toBe("I read the first 10 commands of this comment and left the rest.");
  });

  it("never plans anything for a bot", () => {
    const plan = planComment(
      parseComment("/rebase\n/rebsae"),
      ctx({ login: "bumpwarden[bot]", type: "Bot", permission: "admin" }),
    );
    expect(plan).toEqual({ run: [], refused: [], reaction: null, reply: null });
  });
});
