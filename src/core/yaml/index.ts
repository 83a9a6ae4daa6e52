export { parseYaml } from "./parse.js";
export type { ParsedYaml, ParseOptions, YamlError } from "./parse.js";
export { indexLines } from "./lines.js";
export type { LineIndex } from "./lines.js";
export {
  deref,
  entries,
  get,
  getIn,
  plainType,
  scalarType,
  stringValue,
  toValue,
} from "./resolve.js";
export type { MapEntry, ScalarType, ValueError } from "./resolve.js";
export type * from "./tree.js";
