import type { RouteDef } from "../http-types.js";
import { actionsRoutes } from "./actions.js";
import { appRoutes } from "./apps.js";
import { checkRoutes } from "./checks.js";
import { compareRoutes } from "./compare.js";
import { contentRoutes } from "./contents.js";
import { gitRoutes } from "./git.js";
import { issueRoutes } from "./issues.js";
import { labelRoutes } from "./labels.js";
import { pullActionRoutes } from "./pull-actions.js";
import { pullRoutes } from "./pulls.js";
import { reactionRoutes } from "./reactions.js";
import { refRoutes } from "./refs.js";
import { repoRoutes } from "./repos.js";
import { reviewCommentRoutes } from "./review-comments.js";
import { reviewRoutes } from "./reviews.js";
import { searchRoutes } from "./search.js";
import { statusRoutes } from "./suites-and-statuses.js";

/** Every REST route the simulator answers, by OpenAPI template. */
export const routes: RouteDef[] = [
  ...appRoutes,
  ...repoRoutes,
  ...compareRoutes,
  ...gitRoutes,
  ...refRoutes,
  ...contentRoutes,
  ...pullRoutes,
  ...pullActionRoutes,
  ...reviewRoutes,
  ...reviewCommentRoutes,
  ...issueRoutes,
  ...labelRoutes,
  ...reactionRoutes,
  ...checkRoutes,
  ...statusRoutes,
  ...searchRoutes,
  ...actionsRoutes,
];
