import type { Result } from "../result.js";
import type { LineIndex, ParsedYaml } from "../yaml/index.js";

/** What kind of place a reference was found in (design §4.1). */
export type ReferenceKind =
  "container" | "kustomize" | "helm-values" | "compose" | "dockerfile" | "marker";

/** How a file is read, decided from its name alone (docs/formats.md). */
export type FileCategory = "dockerfile" | "compose" | "kustomization" | "values" | "manifest";

/**
 * Where the tag or digest of a reference is written, so that an edit can splice new bytes there.
 * Offsets are string indices into the file text, end-exclusive; `start === end` is an insertion.
 * The new text is `before + value + after`.
 */
export interface Slot {
  start: number;
  end: number;
  /** Current text in [start, end): the old tag or digest ("" for an insertion). */
  current: string;
  before: string;
  after: string;
  /**
   * YAML typing context of the value:
   * - `scalar`: the slot lies in the plain scalar [scalarStart, scalarEnd); if the edited scalar would
   *   change YAML type (1.1 or 1.2), the whole scalar is written double-quoted.
   * - `new-key`: a value for a key being inserted; quoted whenever YAML would not read it as a string.
   * - `none`: quoting never matters (quoted or block scalar, Dockerfile).
   */
  yaml:
    | { type: "scalar"; scalarStart: number; scalarEnd: number }
    | { type: "new-key"; quote: '"' | "'" | "" }
    | { type: "none" };
  /** `hex`: the slot holds a sha256 digest without its `sha256:` prefix (`sha:` keys in Helm values). */
  format?: "hex";
  /**
   * The slot holds only the middle of the tag (a build argument in `node:${NODE}-alpine`): a new tag
   * must start with `prefix` and end with `suffix`, and only its middle is written.
   */
  affix?: { prefix: string; suffix: string };
}

/** An anchored node that a reference sits in and that aliases elsewhere repeat. */
export interface SharedAnchor {
  anchor: string;
  /** 1-based line of the anchor. */
  line: number;
  /** 1-based lines of the aliases (`*name`) that repeat it. */
  aliasLines: number[];
}

/** A SharedAnchor as a format reports it, with text offsets instead of lines. */
export interface FoundAnchor {
  anchor: string;
  offset: number;
  aliasOffsets: number[];
}

/** One image reference found in a file. */
export interface Reference {
  file: string;
  kind: ReferenceKind;
  /** 1-based line of the tag value, or of the image string when tag and repository are one string. */
  line: number;
  /** 1-based column of that value. */
  column: number;
  /** As written; assembled for split maps; null for a marker with no value before it. */
  image: string | null;
  /** Normalized repository; null when unknown (a marker that only names a tag or digest). */
  repository: string | null;
  tag: string | null;
  digest: string | null;
  /** The `$imagepolicy` string of a marker. */
  policy?: string;
  /** Where in the YAML tree: `spec.template.spec.containers[0].image`. */
  path?: string;
  /** 0-based document of a multi-document YAML file. */
  document?: number;
  /** Whether `bump` can change the tag (and digest) of this reference. */
  editable: boolean;
  /** Why it cannot, when it cannot. */
  reason?: string;
  tagSlot?: Slot;
  digestSlot?: Slot;
  /** Anchors whose aliases repeat this reference elsewhere: editing it changes them all. */
  shared?: SharedAnchor[];
  /**
   * For a Helm values override that sets only the tag (`values-prod.yaml`: `image: {tag: 1.2.3}`):
   * the base values file whose map at the same path names the repository.
   */
  base?: string;
  /** For a marker that names only a tag or digest: the repository its `:name` sibling names. */
  linkedRepository?: string;
  /** The file's first environment (config order), or null when it belongs to none. */
  environment: string | null;
  /** Every environment the file belongs to. */
  environments: string[];
}

/** A value that would be an image reference but is a template (`{{ … }}`). */
export interface Templated {
  file: string;
  line: number;
  kind: ReferenceKind | "unparsed";
  text: string;
}

export type ProblemSeverity = "error" | "warning" | "notice";

/** Something the scanner could not read or understand, with the place it happened. */
export interface Problem {
  file: string;
  /** 1-based; absent when the problem is about the whole file. */
  line?: number;
  severity: ProblemSeverity;
  message: string;
}

/**
 * A reference as a format reports it: positions are text offsets (`offset` is where the tag value
 * or the image string starts); the scanner turns them into lines, columns and environments.
 */
export type Found = Omit<
  Reference,
  "file" | "line" | "column" | "shared" | "environment" | "environments"
> & {
  offset: number;
  shared?: FoundAnchor[];
};

export interface FoundTemplated {
  kind: Templated["kind"];
  offset: number;
  text: string;
}

export interface FoundProblem {
  /** Text offset, when the problem has a place. */
  offset?: number;
  /** 1-based line, when known without an offset (parser errors). */
  line?: number;
  severity: ProblemSeverity;
  message: string;
}

/** What one format finds in one file. */
export interface Findings {
  references: Found[];
  templated: FoundTemplated[];
  problems: FoundProblem[];
}

export const noFindings = (): Findings => ({ references: [], templated: [], problems: [] });

/** One file as a format sees it. YAML files arrive parsed (once, shared by every YAML format). */
export interface FormatInput {
  path: string;
  text: string;
  category: FileCategory;
  lines: LineIndex;
  /** Present for YAML files that parsed. */
  yaml?: ParsedYaml;
}

/** The new tag (and optionally digest) a bump writes. */
export interface TagChange {
  tag: string;
  digest?: string;
}

/** A splice of the file text: replace [start, end) with `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** One format: the files it reads, what it finds there, and how it writes a new tag. */
export interface Format {
  name: "kubernetes" | "kustomize" | "helm-values" | "compose" | "dockerfile" | "marker";
  reads(category: FileCategory): boolean;
  extract(input: FormatInput): Findings;
  edit(
    text: string,
    ref: Pick<Reference, "tagSlot" | "digestSlot">,
    change: TagChange,
  ): Result<Edit[], string>;
}
