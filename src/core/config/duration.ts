const UNITS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parses `90s`, `30m`, `24h`, `2d`, `1w`, or a combination such as `1h30m`, into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const parts = /^(?:\d+[smhdw])+$/.test(text) ? text.match(/\d+[smhdw]/g) : null;
  if (!parts) return undefined;
  return parts.reduce(
    (sum, part) => sum + Number(part.slice(0, -1)) * (UNITS[part.slice(-1)] ?? 0),
    0,
  );
}
