import type { LineIndex, ParsedYaml, YNode } from "../yaml/index.js";
import type { FoundProblem } from "../formats/types.js";

/** How many nodes a document may expand to once aliases are followed (a billion-laughs guard). */
export const MAX_EXPANDED_NODES = 1_000_000;

/**
 * Problems that make a parsed YAML file unsafe or ambiguous: documents whose aliases expand beyond
 * the budget (the file is skipped), and duplicate keys (the file is read, the last one winning as in
 * PyYAML, but kubectl and kustomize reject such files, so a bump will not write them).
 */
export function yamlGuards(
  yaml: ParsedYaml,
  lines: LineIndex,
): { skip: boolean; problems: FoundProblem[] } {
  const problems: FoundProblem[] = [];
  let skip = false;
  for (const doc of yaml.docs) {
    if (doc.aliasCount > 0 && doc.root) {
      const size = expandedSize(doc.root);
      if (size > MAX_EXPANDED_NODES) {
        skip = true;
        problems.push({
          offset: Math.max(doc.root.start, 0),
          severity: "error",
          message: `document ${doc.index + 1} has ${doc.aliasCount} aliases that expand to more than ${MAX_EXPANDED_NODES.toLocaleString("en")} nodes (an alias bomb?) or refer to themselves; the file was not read`,
        });
      }
    }
    for (const d of doc.duplicateKeys)
      problems.push({
        offset: Math.max(d.node.start, 0),
        severity: "error",
        message: `duplicate key "${d.key}" (first at line ${lines.lineOf(Math.max(d.first.start, 0))}); read as the last one, but kubectl and kustomize reject the file`,
      });
  }
  return { skip, problems };
}

/**
 * Node count after expanding aliases, in one post-order pass (no recursion, so deep alias chains
 * cannot overflow the stack). An anchor is complete before any alias to it, except an alias inside
 * its own anchored node: a recursive structure, counted as too big. Capped.
 */
function expandedSize(root: YNode): number {
  const cap = MAX_EXPANDED_NODES + 1;
  const sizes = new Map<YNode, number>();
  const childrenOf = (node: YNode): YNode[] =>
    node.kind === "map"
      ? node.pairs.flatMap((p) => [p.key, p.value])
      : node.kind === "seq"
        ? node.items
        : [];
  const stack: Array<{ node: YNode; children: YNode[]; next: number; total: number }> = [
    { node: root, children: childrenOf(root), next: 0, total: 1 },
  ];
  // A scalar anchor is complete where it stands; a collection missing from `sizes` is still open.
  const aliasSize = (target: YNode | undefined): number =>
    target === undefined || target.kind === "scalar" ? 1 : (sizes.get(target) ?? cap);
  let last = 0;
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    const child = top.children[top.next++];
    if (child === undefined) {
      stack.pop();
      last = Math.min(top.total, cap);
      sizes.set(top.node, last);
      const parent = stack[stack.length - 1];
      if (parent) parent.total = Math.min(parent.total + last, cap);
      continue;
    }
    if (child.kind === "alias") top.total = Math.min(top.total + aliasSize(child.target), cap);
    else if (child.kind === "scalar") top.total = Math.min(top.total + 1, cap);
    else stack.push({ node: child, children: childrenOf(child), next: 0, total: 1 });
  }
  return last;
}
