import { expect } from "vitest";
import type { Reference } from "../../../src/core/formats/types.js";
import type { BumpPlan, BumpRequest } from "../../../src/core/scan/bump-types.js";
import { planBump } from "../../../src/core/scan/plan-bump.js";
import { scanFiles } from "../../../src/core/scan/scan-files.js";
import type { ScanOptions } from "../../../src/core/scan/scan-files.js";

/** The references of one file, in the shape the tests compare. */
export function refs(
  path: string,
  text: string,
  options: ScanOptions = {},
): Array<Partial<Reference>> {
  return scanFiles([{ path, text }], options).references.map((r) => ({
    line: r.line,
    kind: r.kind,
    image: r.image,
    repository: r.repository,
    tag: r.tag,
    digest: r.digest,
    editable: r.editable,
    ...(r.policy !== undefined && { policy: r.policy }),
  }));
}

/** Plans a bump over one file; fails the test when the plan is refused. */
export function plan(
  path: string,
  text: string,
  request: Partial<BumpRequest> & { repository: string },
  options: ScanOptions = {},
): BumpPlan {
  const result = planBump([{ path, text }], { tag: "9.9.9", ...request }, options);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The file after a bump (unchanged when nothing was planned). */
export function bumped(
  path: string,
  text: string,
  request: Partial<BumpRequest> & { repository: string },
  options: ScanOptions = {},
): string {
  const p = plan(path, text, request, options);
  return p.files.find((f) => f.path === path)?.text ?? text;
}

/** Asserts `after` equals `before` with exactly one region replaced. */
export function expectOnlyChange(before: string, after: string, from: string, to: string): void {
  let start = 0;
  while (start < before.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  expect({ from: before.slice(start, endB), to: after.slice(start, endA) }).toEqual({ from, to });
}
