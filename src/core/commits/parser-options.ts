import type { LintOptions } from "@commitlint/types";
import createPreset from "conventional-changelog-conventionalcommits";

/**
 * Parser options of the preset `@commitlint/config-conventional` declares as its `parserPreset`.
 * The commitlint CLI resolves that preset from disk through `@commitlint/load`; we import the
 * preset module directly (it is plain data, no IO), so `lintMessage` needs no config files and the
 * headers it accepts (`feat!:`, `feat(api)!:`) match the CLI's exactly.
 */
export const conventionalParserOptions: NonNullable<LintOptions["parserOpts"]> =
  createPreset().parser;
