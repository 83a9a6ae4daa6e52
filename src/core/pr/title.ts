/**
 * Bump PR titles (and commit headers): `chore(deps): bump acme/api to 1.8.0 in staging`, or for a
 * digest-only update `fix(deps): bump acme/api:latest digest to 3f2a9c1d0e4b in staging`
 * (design §6). Titles are for people: the PR's marker identifies the image, never the title.
 */

export interface TitleStyle {
  /** Conventional Commits type of tag bumps (config `pullRequests.commitType`). */
  type: string;
  /** Scope; empty for none (config `pullRequests.commitScope`). */
  scope: string;
  /** Type of digest-only updates (config `pullRequests.digestCommitType`). */
  digestType: string;
}

export interface BumpTitleParts {
  /** Normalized repository, host included: `ghcr.io/acme/api`. */
  repository: string;
  tag: string | null;
  digest: string | null;
  environment: string | null;
  /** The tag stays and only the digest moves. */
  digestOnly: boolean;
}

export interface ParsedBumpTitle {
  type: string;
  scope: string;
  /** The image as shown: no registry host, no `library/`. */
  image: string;
  tag: string | null;
  /** The short digest (hex only) of a digest-only title. */
  digest: string | null;
  environment: string | null;
  digestOnly: boolean;
}

/**
 * Room for commitlint's default `header-max-length` (100) once GitHub appends " (#123456)" to a
 * squash commit's title.
 */
export const DEFAULT_TITLE_MAX = 90;
const SHORT_DIGEST = 12;

export function formatBumpTitle(
  parts: BumpTitleParts,
  style: TitleStyle,
  options: { maxLength?: number } = {},
): string {
  const max = options.maxLength ?? DEFAULT_TITLE_MAX;
  const digestOnly = parts.digestOnly || parts.tag === null;
  if (digestOnly && !parts.digest) throw new Error("a digest-only bump title needs a digest");
  const type = digestOnly ? style.digestType : style.type;
  const prefix = `${type}${style.scope ? `(${style.scope})` : ""}: bump `;
  const env = parts.environment ? ` in ${parts.environment}` : "";
  const render = (image: string, tag: string, digest = shortDigest(parts.digest, SHORT_DIGEST)) =>
    digestOnly
      ? `${prefix}${image}${tag ? `:${tag}` : ""} digest to ${digest}${env}`
      : `${prefix}${image} to ${tag}${env}`;

  const full = displayImage(parts.repository);
  const tag = parts.tag ?? "";
  const image = full.slice(full.lastIndexOf("/") + 1);
  const tries = [render(full, tag), render(image, tag)];
  if (digestOnly) tries.push(render(image, ""), render(image, "", shortDigest(parts.digest, 7)));
  const fitting = tries.find((t) => t.length <= max);
  if (fitting) return fitting;
  if (!digestOnly) {
    // The tag matters most to people: shorten the image name first, then the tag.
    const budget = max - render("", "").length;
    const minImage = Math.min(image.length, 8);
    if (budget >= tag.length + minImage) return render(fit(image, budget - tag.length), tag);
    if (budget >= minImage + Math.min(tag.length, 8))
      return render(fit(image, minImage), fit(tag, budget - minImage));
  } else {
    const budget = max - render("", "", shortDigest(parts.digest, 7)).length;
    if (budget >= Math.min(image.length, 8))
      return render(fit(image, budget), "", shortDigest(parts.digest, 7));
  }
  return fit(render(image, tag), max);
}

/** `text` cut to `width` characters, ending in "..." when cut. */
function fit(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 3 ? text.slice(0, width) : `${text.slice(0, width - 3)}...`;
}

export function parseBumpTitle(title: string): ParsedBumpTitle | undefined {
  const header = title.replace(/ \(#\d+\)$/, "");
  const m =
    /^(?<type>[\w-]+)(?:\((?<scope>[^()]*)\))?: bump (?<image>[a-z0-9][a-z0-9._/-]*?)(?::(?<tag>[\w][\w.-]*))? digest to (?<digest>[0-9a-f]{7,64})(?: in (?<env>[a-z0-9][a-z0-9-]*))?$/.exec(
      header,
    ) ??
    /^(?<type>[\w-]+)(?:\((?<scope>[^()]*)\))?: bump (?<image>[a-z0-9][a-z0-9._/-]*) to (?<tag>[\w][\w.-]*)(?: in (?<env>[a-z0-9][a-z0-9-]*))?$/.exec(
      header,
    );
  const g = m?.groups;
  if (!g?.type || !g.image) return undefined;
  return {
    type: g.type,
    scope: g.scope ?? "",
    image: g.image,
    tag: g.tag ?? null,
    digest: g.digest ?? null,
    environment: g.env ?? null,
    digestOnly: g.digest !== undefined,
  };
}

/** `ghcr.io/acme/api` → `acme/api`; `docker.io/library/nginx` → `nginx`. */
export function displayImage(repository: string): string {
  const parts = repository.split("/");
  const first = parts[0] ?? "";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    parts.shift();
    const dockerHub = /^((index|registry-1)\.)?docker\.io$/.test(first);
    if (dockerHub && parts.length > 1 && parts[0] === "library") parts.shift();
  }
  return parts.join("/");
}

function shortDigest(digest: string | null, length: number): string {
  if (!digest) return "";
  return digest.slice(digest.indexOf(":") + 1).slice(0, length);
}
