import type { Config } from "../../config/schema.js";
import type { SignatureVerdict } from "../../signatures/verdict.js";

/** The parts of `.github/bumpwarden.yml` the rules read. */
export type ReviewConfig = Pick<Config, "review" | "images"> & {
  environments?: Config["environments"];
};

/** A signature check already made by the registry layer, for an image as referenced. */
export interface SignatureFact {
  /** Normalized repository, e.g. `ghcr.io/acme/api`. */
  repository: string;
  tag: string | null;
  digest: string | null;
  verdict: SignatureVerdict;
}

/** Data the rules need besides the files: all of it computed outside the pure core. */
export interface RuleContext {
  config: ReviewConfig;
  /** The environments a file belongs to (config globs, or inferred from the layout). */
  environmentsOf(file: string): readonly string[];
  /** Cosign verdicts for the images in the change (the `image-signature` rule reports them). */
  signatures: readonly SignatureFact[];
  /** Known digests by `repository:tag`, so `image-digest` can offer the pinned reference as a fix. */
  digests: ReadonlyMap<string, string>;
  /** Image names that a kustomization's `images:` overrides; their base manifests are not judged. */
  kustomizeOverrides: ReadonlySet<string>;
}
