import { Optional } from "@marcbachmann/cel-js";
import type { Environment } from "@marcbachmann/cel-js";

/** The parts of cel-js's documented macro interface (`registerFunction('f(ast): dyn', …)`) used here. */
interface CelType {
  kind: string;
  valueType?: CelType;
  unify(registry: unknown, other: CelType): CelType | null | undefined;
  toString(): string;
}
interface Checker {
  registry: unknown;
  check(node: unknown, ctx: unknown): CelType;
  getType(name: string): CelType;
  createError(code: string, message: string, node: unknown): Error;
}
interface Evaluator {
  run(node: unknown, ctx: unknown): unknown;
}
interface Call {
  receiver: unknown;
  arg: unknown;
  description: string;
}

/**
 * `x.orValue(d)` and `x.or(o)` as cel-go before v0.28 (the CEL of the Kubernetes and Kyverno
 * releases we target) evaluates them: when `x` is a dynamic value that turns out not to be an optional, it is returned as is
 * (cel-go v0.28, April 2026, changed this to "no such overload"). Upstream
 * policies rely on it, e.g. `container.volumeMounts.orValue([])`. A receiver whose static type is
 * known and not optional stays a compile error, as in cel-go's checker.
 *
 * cel-js resolves a receiver macro by name, the last one registered winning, so these replace its
 * own `optional.orValue`/`optional.or` macros for every receiver.
 */
export function registerOptionalFallbacks(env: Environment): void {
  env.registerFunction(
    "list.orValue(ast): dyn",
    macro("optional.orValue(value)", orValueType, orValue),
  );
  env.registerFunction("list.or(ast): dyn", macro("optional.or(optional)", orType, or));
}

type TypeCheck = (checker: Checker, call: Call, ctx: unknown) => CelType;
type Evaluate = (ev: Evaluator, call: Call, ctx: unknown) => unknown;

function macro(description: string, typeCheck: TypeCheck, evaluate: Evaluate) {
  return ({ args, receiver }: { args: unknown[]; receiver: unknown }) => ({
    receiver,
    arg: args[0],
    description,
    typeCheck,
    evaluate,
  });
}

function receiverType(checker: Checker, call: Call, ctx: unknown): CelType | undefined {
  const type = checker.check(call.receiver, ctx);
  if (type.kind === "dyn") return undefined;
  if (type.kind === "optional") return type;
  throw checker.createError(
    "optional_expected",
    `${call.description} receiver must be optional, got '${type.toString()}'`,
    call.receiver,
  );
}

function unified(checker: Checker, call: Call, a: CelType, b: CelType): CelType {
  const type = a.unify(checker.registry, b);
  if (type) return type;
  throw checker.createError(
    "incompatible_argument_type",
    `${call.description} argument must be compatible type, got '${a.toString()}' and '${b.toString()}'`,
    call.arg,
  );
}

const orValueType: TypeCheck = (checker, call, ctx) => {
  const receiver = receiverType(checker, call, ctx);
  const arg = checker.check(call.arg, ctx);
  if (!receiver?.valueType) return checker.getType("dyn");
  return unified(checker, call, receiver.valueType, arg);
};

const orType: TypeCheck = (checker, call, ctx) => {
  const receiver = receiverType(checker, call, ctx);
  const arg = checker.check(call.arg, ctx);
  if (arg.kind !== "optional" && arg.kind !== "dyn")
    throw checker.createError(
      "optional_expected",
      `${call.description} argument must be optional, got '${arg.toString()}'`,
      call.arg,
    );
  if (!receiver) return checker.getType("dyn");
  return unified(checker, call, receiver, arg);
};

const orValue: Evaluate = (ev, call, ctx) => {
  const value = ev.run(call.receiver, ctx);
  if (!(value instanceof Optional)) return value;
  return value.hasValue() ? value.value() : ev.run(call.arg, ctx);
};

const or: Evaluate = (ev, call, ctx) => {
  const value = ev.run(call.receiver, ctx);
  if (!(value instanceof Optional) || value.hasValue()) return value;
  return ev.run(call.arg, ctx);
};
