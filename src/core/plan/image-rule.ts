import picomatch from "picomatch";
import type { Config, ImageRule } from "../config/schema.js";
import { displayImage } from "../pr/title.js";

/**
 * The first `images:` rule whose `match` glob names the repository. A pattern may be written with
 * or without its registry host for Docker Hub (`nginx`, `bitnami/*`), as people write images.
 */
export function imageRuleFor(config: Config, repository: string): ImageRule | undefined {
  const short = displayImage(repository);
  return config.images.find((rule) => {
    const match = picomatch(rule.match, { dot: true });
    return match(repository) || match(short);
  });
}
