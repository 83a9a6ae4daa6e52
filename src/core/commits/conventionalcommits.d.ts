/** The Conventional Commits parser preset that `@commitlint/config-conventional` names (no typings upstream). */
declare module "conventional-changelog-conventionalcommits" {
  import type { LintOptions } from "@commitlint/types";
  export default function createPreset(config?: Record<string, unknown>): {
    parser: NonNullable<LintOptions["parserOpts"]>;
  };
}
