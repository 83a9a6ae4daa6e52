import type { Config, TagPolicy } from "../config/schema.js";
import { compareTags } from "../scan/compare-tags.js";
import { selectTag } from "../versions/select.js";
import { parseSemverTag } from "../versions/semver-scheme.js";
import { acceptTag } from "./accept-tag.js";
import { imageRuleFor } from "./image-rule.js";
import { promotionOrder, requirementOf } from "./promotion.js";

/** A reference as the index keeps it: enough to know what each environment runs. */
export interface DeployedReference {
  repository: string;
  tag: string | null;
  environment: string | null;
}

/** A bump worth planning: the planner decides per environment, this only says which tag to try. */
export interface ReconcileRequest {
  repository: string;
  tag: string;
  /** Environments to plan; absent for all. */
  only?: string[];
  why: string;
}

/**
 * What a lost webhook would have triggered: for each image a repository deploys, the newest tag its
 * policy selects in the registry (for environments that take pushes directly), and the tag each
 * `requires` environment already runs (for promotions). Pure: the registry's tags are given.
 */
export function planReconcile(
  config: Config,
  references: readonly DeployedReference[],
  tags: Readonly<Record<string, readonly string[]>>,
): ReconcileRequest[] {
  const out: ReconcileRequest[] = [];
  for (const repository of [...new Set(references.map((r) => r.repository))].sort()) {
    const refs = references.filter((r) => r.repository === repository && r.environment !== null);
    const current = (env: string) =>
      newest(refs.filter((r) => r.environment === env).map((r) => r.tag));
    const envs = promotionOrder(
      config,
      refs.map((r) => r.environment as string),
    );
    const policy = imageRuleFor(config, repository)?.policy;
    const direct: Array<{ env: string; tag: string }> = [];
    for (const env of envs) {
      const requires = requirementOf(config, env).requires;
      const deployed = current(env);
      if (requires) {
        const upstream = current(requires);
        if (upstream && upstream !== deployed && acceptTag(policy, upstream, deployed).accept)
          out.push({
            repository,
            tag: upstream,
            only: [env],
            why: `${requires} runs ${upstream}, ${env} runs ${deployed ?? "nothing"}`,
          });
        continue;
      }
      const chosen = selected(tags[repository] ?? [], policy, deployed);
      if (chosen) direct.push({ env, tag: chosen });
    }
    const best = newest(direct.map((d) => d.tag));
    if (best)
      out.push({
        repository,
        tag: best,
        only: direct.filter((d) => d.tag === best).map((d) => d.env),
        why: `the registry has ${best}`,
      });
  }
  return out;
}

function selected(
  tags: readonly string[],
  policy: TagPolicy | undefined,
  current: string | null,
): string | null {
  const effective = policy ?? (current && parseSemverTag(current) ? { semver: "*" } : undefined);
  if (!effective || "digest" in effective || current === null) return null;
  const selection = selectTag({ tags, policy: effective, current });
  return selection.ok ? selection.value.tag : null;
}

function newest(tags: ReadonlyArray<string | null>): string | null {
  let best: string | null = null;
  for (const t of tags)
    if (t !== null && (best === null || (compareTags(best, t) ?? 0) < 0)) best = t;
  return best;
}
