/**
 * The findings engine's output: one problem at one place, ready for any reporter (CLI, inline
 * review comment, check-run annotation). Plans are data: the same `Finding[]` feeds all of them.
 */
export type Severity = "error" | "warning" | "notice";

/**
 * A mechanical fix as a GitHub `suggestion` block: lines `line`..`endLine` (1-based, inclusive)
 * of `file` are replaced by `text` (several lines joined by "\n", no trailing newline).
 */
export interface Fix {
  line: number;
  endLine: number;
  text: string;
}

/** What a finding says and where: the fields a rule's draft and the engine's finding share. */
interface FindingFields {
  /** Path as given to the engine ("/"-separated, relative to the repository or CLI argument). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, UTF-16 code units. */
  column: number;
  /** Last line the finding covers, when it spans more than one. */
  endLine?: number;
  /** Rule id (docs/rules.md); admission-policy findings use `admission-policy` and name the policy. */
  rule: string;
  severity: Severity;
  /** One line: what is wrong and why. */
  message: string;
  /** `metadata.name` of the admission policy that produced the finding. */
  policy?: string;
  fix?: Fix;
}

export interface Finding extends FindingFields {
  /**
   * Stable identity across pushes: hash of rule + file + normalized content of the finding's place
   * (not its line number), so a finding that only moved keeps its fingerprint. Identical findings
   * in one file share it.
   */
  fingerprint: string;
  /**
   * The fingerprint earlier versions gave this finding when it repeats an identical one above it
   * (they appended an occurrence index), so threads they opened are still recognized.
   */
  legacyFingerprint?: string;
}

/** A finding as a rule emits it, before the engine applies modes, exceptions and fingerprints. */
export interface Draft extends FindingFields {
  /** Content that identifies the finding for its fingerprint; defaults to the text of `line`. */
  key?: string;
  /** What `key` was before identical findings shared a fingerprint, when it differed (gates). */
  legacyKey?: string;
  /** The smallest named thing the finding is about (a container), to tell identical lines apart. */
  scope?: string;
  /** The Kubernetes object the finding is about, for exceptions by name/namespace/labels/annotation. */
  resource?: ResourceIdentity;
}

export interface ResourceIdentity {
  kind: string;
  name: string;
  namespace: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
}

/** Only the identity of an object (a parsed manifest object carries much more), for `Draft.resource`. */
export function identityOf(object: ResourceIdentity): ResourceIdentity {
  return {
    kind: object.kind,
    name: object.name,
    namespace: object.namespace,
    labels: object.labels,
    annotations: object.annotations,
  };
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

/** Sorts by file, line, column, then severity and rule, so output is deterministic. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    ORDER[a.severity] - ORDER[b.severity] ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
