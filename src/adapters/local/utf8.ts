const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decodes UTF-8 strictly, keeping a BOM as U+FEFF so that encoding the text again gives the same
 * bytes. On invalid input, the 1-based line and byte offset of the first bad byte.
 */
export function decodeUtf8(
  bytes: Uint8Array,
): { ok: true; text: string } | { ok: false; line: number; offset: number } {
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const offset = firstInvalid(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    return { ok: false, line, offset };
  }
}

function firstInvalid(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    const n =
      c < 0x80
        ? 0
        : c >= 0xc2 && c <= 0xdf
          ? 1
          : c >= 0xe0 && c <= 0xef
            ? 2
            : c >= 0xf0 && c <= 0xf4
              ? 3
              : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) return i;
    }
    const second = b[i + 1] ?? 0;
    if (
      (c === 0xe0 && second < 0xa0) ||
      (c === 0xed && second > 0x9f) ||
      (c === 0xf0 && second < 0x90) ||
      (c === 0xf4 && second > 0x8f)
    )
      return i;
    i += n + 1;
  }
  return b.length;
}
