import type { CommandName } from "./catalog.js";
import { COMMANDS } from "./catalog.js";

/**
 * A user's permission on the repository, as `GET /repos/{owner}/{repo}/collaborators/{user}/permission`
 * reports it in `role_name` (`permission` carries the legacy four levels, which map onto these).
 */
export type PermissionLevel = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface Actor {
  login: string;
  /** The webhook's `sender.type` / `comment.user.type`: `User`, `Bot`, `Organization`, `Mannequin`. */
  type: string;
  /** Null when unknown (not asked yet, or the API refused): treated as `none`. */
  permission: PermissionLevel | null;
}

export interface CommandContext {
  actor: Actor;
  /** The PR carries bumpwarden's marker. */
  appPullRequest: boolean;
  /** Login of the PR's author. */
  pullRequestAuthor: string | null;
  /** `commands.allow` from the configuration: logins allowed besides writers. */
  allowList: readonly string[];
}

export type Decision =
  | { kind: "allow" }
  /** Say nothing: a bot wrote it, or the command belongs to another bot on this PR. */
  | { kind: "ignore"; reason: "bot" | "not-app-pull-request" }
  /** Refuse politely (once per comment: see `refusalReply`). */
  | { kind: "refuse"; reason: "permission" };

const WRITERS: readonly PermissionLevel[] = ["admin", "maintain", "write"];

/** Maps the collaborator API's answer (`role_name`, else `permission`) to a level. */
export function permissionLevel(value: {
  role_name?: unknown;
  permission?: unknown;
}): PermissionLevel {
  for (const v of [value.role_name, value.permission])
    if (typeof v === "string" && isLevel(v)) return v;
  return "none";
}

function isLevel(v: string): v is PermissionLevel {
  return ["admin", "maintain", "write", "triage", "read", "none"].includes(v);
}

export function isBot(actor: Pick<Actor, "login" | "type">): boolean {
  return actor.type === "Bot" || /\[bot\]$/i.test(actor.login);
}

/** Whether this actor may run this command here. */
export function decide(name: CommandName, ctx: CommandContext): Decision {
  if (isBot(ctx.actor)) return { kind: "ignore", reason: "bot" };
  const spec = COMMANDS[name];
  if (spec.scope === "app" && !ctx.appPullRequest)
    return { kind: "ignore", reason: "not-app-pull-request" };
  if (spec.audience === "anyone") return { kind: "allow" };
  const login = ctx.actor.login.toLowerCase();
  const writer =
    WRITERS.includes(ctx.actor.permission ?? "none") ||
    ctx.allowList.some((allowed) => allowed.replace(/^@/, "").toLowerCase() === login);
  if (writer) return { kind: "allow" };
  const author = ctx.pullRequestAuthor !== null && ctx.pullRequestAuthor.toLowerCase() === login;
  if (spec.audience === "author-or-writer" && author) return { kind: "allow" };
  return { kind: "refuse", reason: "permission" };
}

/** Whether deciding needs the actor's permission level (saves an API call when it does not). */
export function needsPermission(
  name: CommandName,
  ctx: Omit<CommandContext, "actor"> & { actor: Pick<Actor, "login" | "type"> },
): boolean {
  if (isBot(ctx.actor)) return false;
  const spec = COMMANDS[name];
  if (spec.scope === "app" && !ctx.appPullRequest) return false;
  return spec.audience !== "anyone";
}

/** The one polite answer to a comment whose commands were refused. */
export function refusalReply(login: string, refused: readonly CommandName[]): string {
  const names = [...new Set(refused)].map((n) => `\`/${n}\``);
  const list =
    names.length === 1
      ? names[0]
      : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  const verb = names.length === 1 ? "needs" : "need";
  return (
    `Thanks @${login}! ${list} ${verb} write access to this repository, so I left this pull request as it is. ` +
    "A maintainer can run it for you, or add you to `commands.allow` in `.github/bumpwarden.yml`."
  );
}
