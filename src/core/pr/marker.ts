import { z } from "zod";

/**
 * The hidden marker at the end of every PR body bumpwarden writes. It identifies the PR as the
 * app's own and carries what the PR proposes, so the app keeps no database of its own.
 */
const markerSchema = z.object({
  v: z.literal(1),
  image: z.string().min(1),
  env: z.string().min(1),
  tag: z.string().nullable(),
  digest: z.string().nullable(),
  /** Tags this PR replaced, oldest first (for the body's compare link and for /ignore). */
  from: z.array(z.string()).default([]),
});

export type BumpMarker = z.infer<typeof markerSchema>;

const PREFIX = "<!-- bumpwarden:";
const SUFFIX = " -->";

export function formatMarker(marker: Omit<BumpMarker, "v">): string {
  // `--` cannot appear inside an HTML comment; JSON of image refs never has it, but tags could.
  const json = JSON.stringify({ v: 1, ...marker }).replace(/--/g, "\\u002d\\u002d");
  return `${PREFIX}${json}${SUFFIX}`;
}

/** Reads the marker from a PR body; undefined when the PR is not bumpwarden's. */
export function parseMarker(body: string | null | undefined): BumpMarker | undefined {
  if (!body) return undefined;
  const start = body.lastIndexOf(PREFIX);
  if (start === -1) return undefined;
  const end = body.indexOf(SUFFIX, start + PREFIX.length);
  if (end === -1) return undefined;
  try {
    const parsed = markerSchema.safeParse(JSON.parse(body.slice(start + PREFIX.length, end)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
