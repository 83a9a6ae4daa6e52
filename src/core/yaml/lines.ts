/** Maps string offsets to 1-based lines and columns. Lines end at "\n" (CRLF counts once). */
export interface LineIndex {
  /** 1-based line of a string offset. */
  lineOf(offset: number): number;
  /** 1-based column (in UTF-16 code units) of a string offset. */
  columnOf(offset: number): number;
  /** String offset at which a 1-based line starts. */
  startOf(line: number): number;
  readonly lineCount: number;
}

export function indexLines(text: string): LineIndex {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  return {
    lineOf,
    columnOf: (offset) => offset - (starts[lineOf(offset) - 1] ?? 0) + 1,
    startOf: (line) => starts[Math.min(Math.max(line, 1), starts.length) - 1] ?? 0,
    lineCount: starts.length,
  };
}
