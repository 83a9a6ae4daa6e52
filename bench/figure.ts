/** One line of `npm run bench` output (design §4.7). */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The same measure for the baseline, taken in the same run. */
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  /** Free-form context: sizes, counts, targets. */
  note?: string;
}

export type Report = (figure: Figure) => void;

/** A benchmark file's default export. */
export type Bench = (report: Report) => Promise<void>;

/** Median wall time in milliseconds of `fn` over `runs` runs, after `warmup` unmeasured runs. */
export async function medianMs(fn: () => unknown, runs = 7, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** Interleaves runs of a subject and its baseline so machine noise hits both alike. */
export async function compare(
  subject: () => unknown,
  baseline: () => unknown,
  runs = 7,
): Promise<{ value: number; baseline: number; ratio: number }> {
  await subject();
  await baseline();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(await timeOnce(subject));
    b.push(await timeOnce(baseline));
  }
  const value = median(a);
  const base = median(b);
  return { value, baseline: base, ratio: base > 0 ? value / base : Number.NaN };
}

async function timeOnce(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export const round = (n: number, digits = 3): number => Number(n.toFixed(digits));
