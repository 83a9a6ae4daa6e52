/**
 * The deepest nesting of arrays and objects in JSON text, counted without parsing it, so a
 * "JSON bomb" (a megabyte of `[[[[…`) is refused before `JSON.parse` spends stack on it.
 * Brackets inside strings do not count. Stops counting once `limit` is passed.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** JSON nesting the normalizers accept; real webhook payloads stay under 10. */
export const maxJsonDepth = 32;
