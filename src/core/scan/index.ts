/**
 * The manifest engine (docs/formats.md): find image references in files, plan a bump as data, splice
 * it. Pure: `{path, text}[]` in, data out.
 */
export { scanFiles, DEFAULT_MAX_FILE_SIZE } from "./scan-files.js";
export type { ScanOptions, ScanResult, SourceFile } from "./scan-files.js";
export { planBump } from "./plan-bump.js";
export type {
  BumpError,
  BumpPlan,
  BumpRequest,
  BumpWarning,
  BumpWarningCode,
  PlannedEdit,
} from "./bump-types.js";
export { compareTags } from "./compare-tags.js";
export { applyEdits } from "../text/splice.js";
export type {
  Edit,
  Problem,
  Reference,
  ReferenceKind,
  SharedAnchor,
  Templated,
} from "../formats/types.js";
