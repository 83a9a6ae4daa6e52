import { z } from "zod";
import type { BlockedBump } from "./blocked.js";
import { blockedBumpSchema } from "./blocked.js";
import type { IgnoreRule } from "./rules.js";
import { addRule, ignoreRuleSchema } from "./rules.js";

/** What bumpwarden remembers about a repository beyond labels and PR markers. */
export interface DashboardState {
  v: 1;
  /** The id the next ignore rule or blocked entry gets (ids stay stable while checkboxes refer to them). */
  next: number;
  ignores: IgnoreRule[];
  /** Versions held back per image × environment, with why (see blocked.ts). */
  blocked: BlockedBump[];
}

const stateSchema = z.object({
  v: z.literal(1),
  next: z.number().int().min(1),
  ignores: z.array(ignoreRuleSchema),
  blocked: z.array(blockedBumpSchema).default([]),
});

export const emptyState = (): DashboardState => ({ v: 1, next: 1, ignores: [], blocked: [] });

const STATE_PREFIX = "<!-- bumpwarden:dashboard-state ";
const SUFFIX = " -->";

/** A task-list item the app rendered; checking it asks for the action. */
export type CheckboxAction =
  | { kind: "unignore"; rule: number }
  | { kind: "retry"; pr: number }
  | { kind: "unhold"; pr: number }
  /** Plan a blocked entry's version again (`/recheck`). */
  | { kind: "recheck"; entry: number };

export interface Checkbox {
  action: CheckboxAction;
  checked: boolean;
  line: number;
}

export interface ParsedDashboard {
  /** The body is a dashboard (it carries the state block, even an unreadable one). */
  isDashboard: boolean;
  state: DashboardState;
  boxes: Checkbox[];
  /** Why the state block could not be read (the state is then empty). */
  problem: string | null;
}

/**
 * The hidden state block: JSON in an HTML comment (`--` escaped, which HTML comments forbid). An
 * empty `blocked` list is left out, so states written before it existed read back unchanged.
 */
export function formatState(state: DashboardState): string {
  const { blocked, ...rest } = state;
  const json = JSON.stringify(blocked.length > 0 ? state : rest).replace(/--/g, "\\u002d\\u002d");
  return `${STATE_PREFIX}${json}${SUFFIX}`;
}

const BOX =
  /^[ \t]{0,3}[-*+][ \t]+\[([ xX])\][ \t]+<!-- bw:(unignore|retry|unhold|recheck):(\d{1,9}) -->/;

/** Reads a dashboard issue body: its state block and its checkboxes. Never throws. */
export function parseDashboard(body: string | null | undefined): ParsedDashboard {
  const text = body ?? "";
  const start = text.lastIndexOf(STATE_PREFIX);
  const boxes = parseBoxes(text);
  if (start === -1) return { isDashboard: false, state: emptyState(), boxes, problem: null };
  const end = text.indexOf(SUFFIX, start + STATE_PREFIX.length);
  const raw = end === -1 ? "" : text.slice(start + STATE_PREFIX.length, end);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return unreadable(boxes, "the state block is not valid JSON");
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return unreadable(boxes, `the state block is invalid at ${issue?.path.join(".") || "(root)"}`);
  }
  const state = parsed.data;
  const next = Math.max(
    state.next,
    ...state.ignores.map((r) => r.id + 1),
    ...state.blocked.map((b) => b.id + 1),
  );
  return { isDashboard: true, state: { ...state, next }, boxes, problem: null };
}

function unreadable(boxes: Checkbox[], problem: string): ParsedDashboard {
  return { isDashboard: true, state: emptyState(), boxes, problem };
}

function parseBoxes(text: string): Checkbox[] {
  const boxes: Checkbox[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = BOX.exec(line);
    if (!m?.[2] || !m[3]) return;
    const n = Number(m[3]);
    const action: CheckboxAction =
      m[2] === "unignore"
        ? { kind: "unignore", rule: n }
        : m[2] === "recheck"
          ? { kind: "recheck", entry: n }
          : { kind: m[2] as "retry" | "unhold", pr: n };
    boxes.push({ action, checked: m[1] !== " ", line: i + 1 });
  });
  return boxes;
}

export function checkboxKey(action: CheckboxAction): string {
  if (action.kind === "unignore") return `unignore:${action.rule}`;
  if (action.kind === "recheck") return `recheck:${action.entry}`;
  return `${action.kind}:${action.pr}`;
}

/**
 * The actions a person asked for by editing the body: boxes checked now that were unchecked
 * (or absent) before. Re-checking a box the app already handled does nothing twice, since the
 * app re-renders the body without it.
 */
export function newlyChecked(before: string | null, after: string | null): CheckboxAction[] {
  const was = new Set(
    parseDashboard(before)
      .boxes.filter((b) => b.checked)
      .map((b) => checkboxKey(b.action)),
  );
  const seen = new Set<string>();
  const out: CheckboxAction[] = [];
  for (const box of parseDashboard(after).boxes) {
    const key = checkboxKey(box.action);
    if (!box.checked || was.has(key) || seen.has(key)) continue;
    seen.add(key);
    out.push(box.action);
  }
  return out;
}

/** Adds an ignore rule (with the next id) unless an equal one is already there. */
export function addIgnore(
  state: DashboardState,
  rule: Omit<IgnoreRule, "id">,
): { state: DashboardState; rule: IgnoreRule; added: boolean } {
  const candidate: IgnoreRule = { id: state.next, ...rule };
  const result = addRule(state.ignores, candidate);
  if (!result.added) {
    const existing = state.ignores.find((r) => !addRule([r], candidate).added) ?? candidate;
    return { state, rule: existing, added: false };
  }
  return {
    state: { ...state, next: state.next + 1, ignores: result.rules },
    rule: candidate,
    added: true,
  };
}
