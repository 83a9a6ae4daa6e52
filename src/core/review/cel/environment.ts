import { Environment } from "@marcbachmann/cel-js";
import { registerFormat } from "./format-lib.js";
import { registerLists } from "./lists-lib.js";
import { registerOptionalFallbacks } from "./optional-lib.js";
import { registerQuantity } from "./quantity-lib.js";
import { registerRegex } from "./regex-lib.js";
import { registerStrings } from "./strings-lib.js";
import { registerUrl } from "./url-lib.js";
import { LazyVariables } from "./variables.js";

/** Variables an admission expression may read (Kubernetes VAP, Kyverno and Kubewarden agree on these). */
export const ADMISSION_VARIABLES = [
  "object",
  "oldObject",
  "request",
  "params",
  "namespaceObject",
  "variables",
  "authorizer",
] as const;

let shared: Environment | undefined;

/**
 * The CEL environment for admission policies: cel-js plus the Kubernetes libraries it lacks
 * (quantity, regex find/findAll, url, format, lists, sets, strings extensions). Optionals are on.
 * Built once: environments are expensive to create and immutable once used.
 */
export function admissionEnvironment(): Environment {
  if (shared) return shared;
  const env = new Environment({
    unlistedVariablesAreDyn: false,
    enableOptionalTypes: true,
    homogeneousAggregateLiterals: false,
  });
  for (const name of ADMISSION_VARIABLES) env.registerVariable(name, "dyn");
  env.registerType("Variables", LazyVariables);
  registerQuantity(env);
  registerRegex(env);
  registerStrings(env);
  registerLists(env);
  registerUrl(env);
  registerFormat(env);
  registerOptionalFallbacks(env);
  shared = env;
  return env;
}
