const UNSET = Symbol("unset");

interface VariableProgram {
  name: string;
  expression: { program: (ctx: Record<string, unknown>) => unknown };
}

/**
 * `variables` for admission expressions: each variable is evaluated on first use, once, as in
 * Kubernetes. A Map subclass registered as a CEL type, because cel-js reads such values through
 * `get`, so nothing has to be defined per evaluation.
 */
export class LazyVariables extends Map<string, unknown> {
  private cache: unknown[] | undefined;

  constructor(
    private readonly variables: readonly VariableProgram[],
    private readonly ctx: Record<string, unknown>,
  ) {
    super();
  }

  override get(name: string): unknown {
    const vars = this.variables;
    for (let i = 0; i < vars.length; i++) {
      const v = vars[i] as VariableProgram;
      if (v.name !== name) continue;
      const cache = (this.cache ??= new Array<unknown>(vars.length).fill(UNSET));
      if (cache[i] === UNSET) cache[i] = v.expression.program(this.ctx);
      return cache[i];
    }
    return undefined;
  }

  override has(name: string): boolean {
    return this.variables.some((x) => x.name === name);
  }
}
