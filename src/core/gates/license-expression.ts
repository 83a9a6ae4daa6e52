/**
 * SPDX license expressions (SPDX spec annex D): `MIT`, `MIT OR Apache-2.0`,
 * `(MIT AND BSD-3-Clause) OR GPL-2.0-or-later`, `GPL-2.0-only WITH Classpath-exception-2.0`,
 * `LicenseRef-acme`. Lenient, because SBOMs carry what scanners found: operators in any case,
 * identifiers not on the SPDX list, and text that is no expression at all (`Apache License 2.0`)
 * becomes one license term as written.
 */
export type LicenseExpression =
  | { kind: "license"; id: string; exception: string | null }
  | { kind: "and" | "or"; left: LicenseExpression; right: LicenseExpression };

export function parseLicenseExpression(text: string): LicenseExpression {
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  const parser = new Parser(tokens);
  const expr = parser.parse();
  return expr ?? { kind: "license", id: text.trim().replace(/\s+/g, " "), exception: null };
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: string[]) {}

  parse(): LicenseExpression | null {
    if (this.tokens.length === 0) return null;
    const expr = this.or();
    return expr && this.at === this.tokens.length ? expr : null;
  }

  private peekOp(op: string): boolean {
    return this.tokens[this.at]?.toUpperCase() === op;
  }

  private or(): LicenseExpression | null {
    let left = this.and();
    while (left && this.peekOp("OR")) {
      this.at++;
      const right = this.and();
      left = right ? { kind: "or", left, right } : null;
    }
    return left;
  }

  private and(): LicenseExpression | null {
    let left = this.with();
    while (left && this.peekOp("AND")) {
      this.at++;
      const right = this.with();
      left = right ? { kind: "and", left, right } : null;
    }
    return left;
  }

  private with(): LicenseExpression | null {
    const atom = this.atom();
    if (!atom || !this.peekOp("WITH")) return atom;
    this.at++;
    const exception = this.identifier();
    if (atom.kind !== "license" || atom.exception !== null || exception === null) return null;
    return { ...atom, exception };
  }

  private atom(): LicenseExpression | null {
    if (this.tokens[this.at] === "(") {
      this.at++;
      const inner = this.or();
      if (!inner || this.tokens[this.at] !== ")") return null;
      this.at++;
      return inner;
    }
    const id = this.identifier();
    return id === null ? null : { kind: "license", id, exception: null };
  }

  private identifier(): string | null {
    const t = this.tokens[this.at];
    if (
      t === undefined ||
      t === "(" ||
      t === ")" ||
      ["AND", "OR", "WITH"].includes(t.toUpperCase())
    )
      return null;
    this.at++;
    return t;
  }
}

/** The license terms an expression names, in order (`X WITH Y` is one term). */
export function licenseTerms(expr: LicenseExpression): string[] {
  if (expr.kind === "license") return [termText(expr)];
  return [...licenseTerms(expr.left), ...licenseTerms(expr.right)];
}

export function termText(term: { id: string; exception: string | null }): string {
  return term.exception ? `${term.id} WITH ${term.exception}` : term.id;
}
