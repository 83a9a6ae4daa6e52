import type { Config, TagPolicy } from "../config/schema.js";
import { compareTags } from "../scan/compare-tags.js";
import { selectTag } from "../versions/select.js";
import { parseSemverTag } from "../versions/semver-scheme.js";
import { ordersByCommit } from "../versions/ci-scheme.js";
import { acceptTag } from "./accept-tag.js";
import { relationsFromHistory } from "./commit-history.js";
import type { CommitHistory } from "./commit-history.js";
import { configIgnore } from "./config-ignore.js";
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
 * `requires` environment already runs (for promotions). Pure: the registry's tags are given, and
 * for `ci` policies whose tags name commits, the source's history (`histories`, by image); such an
 * image without one is left to its pushes (tags are never ordered by their text).
 */
export function planReconcile(
  config: Config,
  references: readonly DeployedReference[],
  tags: Readonly<Record<string, readonly string[]>>,
  histories: Readonly<Record<string, CommitHistory>> = {},
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
    const rule = imageRuleFor(config, repository);
    const policy = rule?.policy;
    const allowed = (tags[repository] ?? []).filter(
      (t) => configIgnore(rule?.ignore, t) === undefined,
    );
    const template = policy && "ci" in policy && ordersByCommit(policy.ci) ? policy.ci : null;
    const history = template === null ? undefined : histories[repository];
    const relations = (candidate: string, tag: string | null) =>
      template !== null && history && tag !== null
        ? relationsFromHistory(template, history, candidate, [tag])
        : undefined;
    const direct: Array<{ env: string; tag: string }> = [];
    for (const env of envs) {
      const requires = requirementOf(config, env).requires;
      const deployed = current(env);
      if (requires) {
        const upstream = current(requires);
        if (
          upstream &&
          upstream !== deployed &&
          acceptTag(policy, upstream, deployed, relations(upstream, deployed)).accept
        )
          out.push({
            repository,
            tag: upstream,
            only: [env],
            why: `${requires} runs ${upstream}, ${env} runs ${deployed ?? "nothing"}`,
          });
        continue;
      }
      const chosen = selected(allowed, policy, deployed, history?.commits);
      if (chosen) direct.push({ env, tag: chosen });
    }
    const best =
      policy && template !== null && history
        ? newestByCommit(
            direct.map((d) => d.tag),
            policy,
            history.commits,
          )
        : newest(direct.map((d) => d.tag));
    if (best)
      out.push({
        repository,
        tag: best,
        only: direct.filter((d) => d.tag === best).map((d) => d.env),
        why: `the registry has ${best}${history ? ` (${history.why})` : ""}`,
      });
  }
  return out;
}

function selected(
  tags: readonly string[],
  policy: TagPolicy | undefined,
  current: string | null,
  commitOrder?: readonly string[],
): string | null {
  const effective = policy ?? (current && parseSemverTag(current) ? { semver: "*" } : undefined);
  if (!effective || "digest" in effective || current === null) return null;
  const selection = selectTag({
    tags,
    policy: effective,
    current,
    ...(commitOrder && { commitOrder }),
  });
  return selection.ok ? selection.value.tag : null;
}

/** The newest of CI tags chosen for several environments, by their commits. */
function newestByCommit(
  tags: readonly string[],
  policy: TagPolicy,
  commitOrder: readonly string[],
): string | null {
  const ranked = selectTag({ tags, policy, current: null, commitOrder });
  return ranked.ok ? ranked.value.tag : null;
}

function newest(tags: ReadonlyArray<string | null>): string | null {
  let best: string | null = null;
  for (const t of tags)
    if (t !== null && (best === null || (compareTags(best, t) ?? 0) < 0)) best = t;
  return best;
}
