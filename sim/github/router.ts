import type { RouteDef } from "./http-types.js";

/** Parameters that may contain slashes (file paths, ref names, "base...head"). */
const GREEDY = new Set(["path", "ref", "basehead", "branch"]);
/** A file path may be empty: `contents/` lists the root. */
const MAY_BE_EMPTY = new Set(["path"]);

interface Compiled {
  def: RouteDef;
  regex: RegExp;
  names: string[];
  rank: number;
}

export interface Match {
  def: RouteDef;
  params: Record<string, string>;
}

export class Router {
  readonly #routes: Compiled[] = [];

  constructor(defs: readonly RouteDef[]) {
    for (const def of defs) {
      const names: string[] = [];
      let literals = 0;
      const pattern = def.template
        .split("/")
        .map((segment) => {
          const m = /^\{(\w+)\}$/.exec(segment);
          if (!m) {
            literals++;
            return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          }
          names.push(m[1] as string);
          const name = m[1] as string;
          if (MAY_BE_EMPTY.has(name)) return "(.*)";
          return GREEDY.has(name) ? "(.+)" : "([^/]+)";
        })
        .join("/");
      const greedy = names.filter((n) => GREEDY.has(n)).length;
      this.#routes.push({
        def,
        regex: new RegExp(`^${pattern}/?$`),
        names,
        rank: literals * 10 - greedy,
      });
    }
    this.#routes.sort((a, b) => b.rank - a.rank);
  }

  match(method: string, path: string): Match | undefined {
    for (const r of this.#routes) {
      if (r.def.method !== method) continue;
      const m = r.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((name, i) => {
        params[name] = safeDecode(m[i + 1] as string);
      });
      return { def: r.def, params };
    }
    return undefined;
  }

  /** Whether some method is routed for this path (405 rather than 404). */
  templates(): string[] {
    return this.#routes.map((r) => `${r.def.method} ${r.def.template}`);
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
