/**
 * Inline Markdown that hides a line's start: code spans (CommonMark: a backtick string closes
 * only on one of the same length; an escaped backtick cannot open) and HTML comments, whichever
 * starts first. Linear time: one pointer per run length, and cached searches.
 */

/** A range [start, end) of a paragraph's text. */
export interface Covered {
  start: number;
  end: number;
  kind: "code" | "hidden";
}

/** Code spans and HTML comments of one paragraph, in order, without overlaps. Linear time. */
export function inlineCoverage(text: string): Covered[] {
  const runs: { start: number; length: number }[] = [];
  for (let i = 0; i < text.length;) {
    if (text[i] !== "`") {
      i++;
      continue;
    }
    let j = i;
    while (text[j] === "`") j++;
    runs.push({ start: i, length: j - i });
    i = j;
  }
  const byLength = new Map<number, number[]>();
  runs.forEach((r, k) => {
    const list = byLength.get(r.length);
    if (list) list.push(k);
    else byLength.set(r.length, [k]);
  });
  const pointer = new Map<number, number>();
  const covered: Covered[] = [];
  let pos = 0;
  let run = 0;
  let comment = -1;
  let commentsLeft = true;
  for (;;) {
    while (run < runs.length && (runs[run]?.start ?? 0) < pos) run++;
    if (commentsLeft && comment < pos) comment = nextComment(text, pos);
    if (comment === -1) commentsLeft = false;
    const r = runs[run];
    const opener = r ? openerOf(text, r) : null;
    const commentFirst = commentsLeft && (!opener || comment < opener.start);
    if (commentFirst) {
      const end = text.indexOf("-->", comment + 4);
      if (end === -1) {
        commentsLeft = false;
        continue;
      }
      covered.push({ start: comment, end: end + 3, kind: "hidden" });
      pos = end + 3;
      continue;
    }
    if (!r) return covered;
    if (!opener) {
      pos = r.start + r.length;
      continue;
    }
    const list = byLength.get(opener.length) ?? [];
    let p = pointer.get(opener.length) ?? 0;
    while (p < list.length && (runs[list[p] ?? 0]?.start ?? 0) <= opener.start) p++;
    pointer.set(opener.length, p);
    const closer = p < list.length ? runs[list[p] ?? 0] : undefined;
    if (!closer) {
      pos = r.start + r.length;
      continue;
    }
    covered.push({ start: opener.start, end: closer.start + closer.length, kind: "code" });
    pos = closer.start + closer.length;
  }
}

/** A run preceded by an odd number of backslashes loses its first backtick to the escape. */
function openerOf(
  text: string,
  r: { start: number; length: number },
): { start: number; length: number } | null {
  let b = 0;
  while (text[r.start - 1 - b] === "\\") b++;
  if (b % 2 === 0) return r;
  return r.length > 1 ? { start: r.start + 1, length: r.length - 1 } : null;
}

function nextComment(text: string, from: number): number {
  let at = text.indexOf("<!--", from);
  while (at > 0 && text[at - 1] === "\\") at = text.indexOf("<!--", at + 1);
  return at;
}
