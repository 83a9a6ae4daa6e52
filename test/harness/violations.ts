/**
 * Requests the harness refused because GitHub would reject them. The refusal is thrown to the
 * caller, and also recorded here so a test still fails when the code under test catches it
 * (`test/setup.ts` asserts this list is empty after each test). A test that provokes a refusal
 * on purpose takes the list with `takeRequestViolations()`.
 */
const violations: string[] = [];

export function recordRequestViolations(problems: readonly string[]): void {
  violations.push(...problems);
}

/** Returns the violations recorded since the last call, and forgets them. */
export function takeRequestViolations(): string[] {
  return violations.splice(0);
}
