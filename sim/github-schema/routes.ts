import { readFileSync } from "node:fs";

/** A route of api.github.com (from `routes.json`): `METHOD /template` → operation id. */
export interface RouteInfo {
  id: string;
  /** Path parameters that may span several segments (`{path}`, `{ref}`, `{branch}`). */
  multi?: string[];
}

export interface RouteMatch {
  /** `METHOD /template`, the key of `operations.json`. */
  key: string;
  route: RouteInfo;
  /** Decoded path parameter values. */
  params: Record<string, string>;
}

export type RouteLookup =
  { found: true; match: RouteMatch } | { found: false; otherMethods: string[] };

interface Segment {
  text: string;
  /** Parameter names; empty for a literal segment. */
  names: string[];
  regex?: RegExp;
}

interface Node {
  literal: Map<string, Node>;
  /** Children for parameter segments, most literal text first. */
  patterns: { segment: Segment; node: Node; multi: boolean }[];
  routes: Map<string, { key: string; route: RouteInfo }>;
}

const newNode = (): Node => ({ literal: new Map(), patterns: [], routes: new Map() });

let root: Node | undefined;

function tree(): Node {
  if (root) return root;
  const file = new URL("./routes.json", import.meta.url);
  const { routes } = JSON.parse(readFileSync(file, "utf8")) as {
    routes: Record<string, RouteInfo>;
  };
  const top = newNode();
  for (const [key, route] of Object.entries(routes)) insert(top, key, route);
  for (const node of walk(top))
    node.patterns.sort((a, b) => literalLength(b.segment) - literalLength(a.segment));
  root = top;
  return top;
}

function insert(top: Node, key: string, route: RouteInfo): void {
  const [method = "", path = ""] = key.split(" ");
  let node = top;
  for (const text of split(path)) {
    const segment = parseSegment(text);
    if (segment.names.length === 0) {
      let next = node.literal.get(text);
      if (!next) node.literal.set(text, (next = newNode()));
      node = next;
      continue;
    }
    const multi =
      segment.names.length === 1 && (route.multi ?? []).includes(segment.names[0] ?? "");
    let child = node.patterns.find((p) => p.segment.text === text);
    if (!child) node.patterns.push((child = { segment, node: newNode(), multi }));
    child.multi ||= multi;
    node = child.node;
  }
  node.routes.set(method, { key, route });
}

function parseSegment(text: string): Segment {
  const names = [...text.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "");
  if (names.length === 0) return { text, names };
  if (/^\{[^}]+\}$/.test(text)) return { text, names };
  const source = text
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("(.+?)");
  return { text, names, regex: new RegExp(`^${source}$`) };
}

const literalLength = (s: Segment): number => s.text.replace(/\{[^}]+\}/g, "").length;

function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of node.literal.values()) yield* walk(child);
  for (const { node: child } of node.patterns) yield* walk(child);
}

function split(path: string): string[] {
  return path.split("/").filter((s, i) => i > 0 || s !== "");
}

/**
 * Finds the route a concrete path belongs to, as GitHub's router would: literal segments win
 * over parameters, a parameter takes one segment unless the route says it may take several.
 */
export function matchRoute(method: string, path: string): RouteLookup {
  const segments = split(path);
  const otherMethods = new Set<string>();
  // A trailing slash is an empty multi-segment parameter (`contents/` lists the root), or ignored.
  const match =
    search(tree(), segments, 0, {}, method, otherMethods) ??
    (segments.at(-1) === "" && segments.length > 1
      ? search(tree(), segments.slice(0, -1), 0, {}, method, otherMethods)
      : undefined);
  if (match) return { found: true, match };
  return { found: false, otherMethods: [...otherMethods].sort() };
}

function search(
  node: Node,
  segments: string[],
  at: number,
  params: Record<string, string>,
  method: string,
  otherMethods: Set<string>,
): RouteMatch | undefined {
  if (at === segments.length) {
    const hit = node.routes.get(method);
    if (hit && spansAllowed(hit.route, params)) return { ...hit, params: decoded(params) };
    for (const m of node.routes.keys()) if (m !== method) otherMethods.add(m);
    return undefined;
  }
  const text = segments[at] ?? "";
  const literal = node.literal.get(safeDecode(text));
  if (literal) {
    const found = search(literal, segments, at + 1, params, method, otherMethods);
    if (found) return found;
  }
  for (const { segment, node: child, multi } of node.patterns) {
    const spans = multi ? segments.length - at : 1;
    for (let span = 1; span <= spans; span++) {
      const value = segments.slice(at, at + span).join("/");
      const bound = bind(segment, value, multi);
      if (!bound) continue;
      const next = { ...params, ...bound };
      const found = search(child, segments, at + span, next, method, otherMethods);
      if (found) return found;
    }
  }
  return undefined;
}

function bind(segment: Segment, value: string, multi: boolean): Record<string, string> | undefined {
  if (value === "" && !multi) return undefined;
  if (!segment.regex) return { [segment.names[0] ?? ""]: value };
  const m = segment.regex.exec(value);
  if (!m) return undefined;
  return Object.fromEntries(segment.names.map((name, i) => [name, m[i + 1] ?? ""]));
}

function spansAllowed(route: RouteInfo, params: Record<string, string>): boolean {
  return Object.entries(params).every(
    ([name, value]) => !value.includes("/") || (route.multi ?? []).includes(name),
  );
}

function decoded(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, safeDecode(v)]));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
