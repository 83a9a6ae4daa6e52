/**
 * Markers that make a tag a pre-release: `1.2.0-rc.1`, `2.0.0-beta3`, `v1.0.0-SNAPSHOT`,
 * `1.5.0-alpha`, `nightly-2024`. Variant suffixes (`1.27.0-alpine`, `-slim`, `-debian12`) and CI
 * tags (`main-3f2a9c1-41`) are not pre-releases.
 */
const MARKER = /^(?:rc|alpha|beta|pre|preview|snapshot|nightly|canary|dev|milestone)\d*$/i;

export function isPrerelease(tag: string): boolean {
  const version = tag.replace(/^[vV](?=\d)/, "");
  return version
    .split(/[-._+]/)
    .slice(1)
    .some((part) => MARKER.test(part));
}
