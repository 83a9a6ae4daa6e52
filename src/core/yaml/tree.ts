/**
 * A YAML document as a tree of nodes that remember where they are in the source text.
 * Offsets are string indices (UTF-16 code units) into the text that was parsed, end-exclusive.
 * Nothing here is re-serialized: edits splice the source at these offsets.
 */
export type ScalarStyle = "plain" | "single" | "double" | "literal" | "folded";

interface NodeBase {
  /** Offset of the node's first character (opening quote included; anchor and tag excluded). */
  start: number;
  /** Offset just past the node's last character (closing quote or bracket included). */
  end: number;
  anchor?: string;
  /** Explicit tag as written (`!!str`, `!Ref`), when there is one. */
  tag?: string;
}

export interface YScalar extends NodeBase {
  kind: "scalar";
  /** Decoded value (escapes, folding and quotes applied). */
  value: string;
  style: ScalarStyle;
  /** Offsets of the raw scalar text: inside the quotes for quoted scalars. */
  valueStart: number;
  valueEnd: number;
}

export interface YPair {
  key: YNode;
  value: YNode;
}

export interface YMap extends NodeBase {
  kind: "map";
  pairs: YPair[];
  flow: boolean;
}

export interface YSeq extends NodeBase {
  kind: "seq";
  items: YNode[];
  flow: boolean;
}

export interface YAlias extends NodeBase {
  kind: "alias";
  name: string;
  /** The anchored node, when the anchor was defined earlier in the document. */
  target: YNode | undefined;
}

export type YNode = YScalar | YMap | YSeq | YAlias;

export interface DuplicateKey {
  key: string;
  /** The later occurrence (the one that wins, as in PyYAML and sigs.k8s.io/yaml). */
  node: YNode;
  /** The earlier occurrence. */
  first: YNode;
}

export interface YDoc {
  /** 0-based position of the document in the stream. */
  index: number;
  root: YNode | null;
  /** Alias nodes in this document (aliases are not expanded; see resolve.ts for budgets). */
  aliasCount: number;
  duplicateKeys: DuplicateKey[];
}
