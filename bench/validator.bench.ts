import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ProbotOctokit } from "probot";
import { validateRequests } from "../test/harness/octokit.js";
import type { Bench } from "./figure.js";
import { compare } from "./figure.js";

/**
 * The request validator's cost: load time in a fresh process, and the overhead per request of the
 * harness's Octokit (REST + GraphQL validated in `hook.before("request")`) against the same
 * Octokit without the validator, both answering from a canned `fetch` so only the client runs.
 */
const ITERATIONS = 1_000;
const SHA = "88a9f2e556acea846467ca7c0b80bb7b919b5ccb";
const repo = { owner: "acme", repo: "gitops" };

const cannedFetch = async (url: string | URL | Request): Promise<Response> => {
  const graphql = String(url).endsWith("/graphql");
  return new Response(JSON.stringify(graphql ? { data: {} } : { id: 1 }), {
    status: 200,
    headers: { "content-type": "application/json" },
  });
};

function client(validated: boolean) {
  const Octokit = validated ? ProbotOctokit.plugin(validateRequests) : ProbotOctokit;
  return new Octokit({
    auth: { token: "ghs_bench" },
    throttle: { enabled: false },
    retry: { enabled: false },
    request: { fetch: cannedFetch },
  });
}

type Client = ReturnType<typeof client>;

/** One pass of what a bump and a review make: 10 REST calls and 2 GraphQL documents. */
async function mix(octokit: Client): Promise<void> {
  const pr = { ...repo, pull_number: 12 };
  await octokit.rest.repos.getContent({ ...repo, path: "clusters/prod/api.yaml", ref: "main" });
  await octokit.rest.git.getTree({ ...repo, tree_sha: "main", recursive: "1" });
  await octokit.rest.pulls.list({ ...repo, state: "open", head: "acme:bumpwarden/prod/api" });
  await octokit.rest.pulls.create({
    ...repo,
    title: "chore(deps): bump acme/api to 1.8.0",
    head: "bumpwarden/prod/api",
    base: "main",
    body: "…",
  });
  await octokit.rest.pulls.update({ ...pr, title: "chore(deps): bump acme/api to 1.9.0" });
  await octokit.rest.issues.addLabels({ ...repo, issue_number: 12, labels: ["dependencies"] });
  await octokit.rest.pulls.createReview({
    ...pr,
    commit_id: SHA,
    event: "COMMENT",
    comments: [{ path: "apps/api.yaml", line: 7, side: "RIGHT", body: "use a digest" }],
  });
  await octokit.rest.checks.create({
    ...repo,
    name: "bumpwarden",
    head_sha: SHA,
    status: "completed",
    conclusion: "failure",
    output: {
      title: "1 problem",
      summary: "…",
      annotations: [
        {
          path: "apps/api.yaml",
          start_line: 7,
          end_line: 7,
          annotation_level: "failure",
          message: ":latest",
        },
      ],
    },
  });
  await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: 99, content: "+1" });
  await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: "octocat" });
  await octokit.graphql(
    `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`,
    {
      input: {
        branch: { repositoryNameWithOwner: "acme/gitops", branchName: "bumpwarden/prod/api" },
        message: { headline: "chore(deps): bump acme/api to 1.8.0" },
        expectedHeadOid: SHA,
        fileChanges: {
          additions: [{ path: "apps/api.yaml", contents: "aW1hZ2U6IGFjbWUvYXBpOjEuOC4w" }],
        },
      },
    },
  );
  await octokit.graphql(
    `query($owner: String!, $name: String!, $number: Int!) {
      repository(owner: $owner, name: $name) { pullRequest(number: $number) {
        reviewThreads(first: 100) { nodes { id isResolved comments(first: 1) { nodes { body } } } } } }
    }`,
    { owner: "acme", name: "gitops", number: 12 },
  );
}
const REQUESTS_PER_MIX = 12;

/** Load cost measured in a fresh Node process: import, first REST check, first GraphQL check. */
function coldLoad(): { importMs: number; restMs: number; graphqlMs: number } {
  const validate = fileURLToPath(new URL("../sim/github-schema/validate.ts", import.meta.url));
  const code = `
    const t0 = performance.now();
    const v = await import(${JSON.stringify(validate)});
    const t1 = performance.now();
    v.validateRestRequest({ method: "GET", url: "/repos/a/b/pulls?state=open" });
    const t2 = performance.now();
    v.validateGraphqlRequest({ query: "{ viewer { login } }" });
    const t3 = performance.now();
    process.stdout.write(JSON.stringify({ importMs: t1 - t0, restMs: t2 - t1, graphqlMs: t3 - t2 }));`;
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", code],
    {
      encoding: "utf8",
    },
  );
  return JSON.parse(out) as { importMs: number; restMs: number; graphqlMs: number };
}

const bench: Bench = async (report) => {
  const load = coldLoad();
  report({
    name: "validator.load.import",
    value: load.importMs,
    unit: "ms",
    note: "fresh process: import validate.ts (ajv, graphql)",
  });
  report({
    name: "validator.load.rest",
    value: load.restMs,
    unit: "ms",
    note: "first REST check: routes trie, operations, first ajv compile",
  });
  report({
    name: "validator.load.graphql",
    value: load.graphqlMs,
    unit: "ms",
    note: "first GraphQL check: build GitHub's schema, validate one document",
  });

  const validated = client(true);
  const plain = client(false);
  const runs = async (octokit: Client) => {
    for (let i = 0; i < ITERATIONS; i++) await mix(octokit);
  };
  const result = await compare(
    () => runs(validated),
    () => runs(plain),
    5,
  );
  const requests = ITERATIONS * REQUESTS_PER_MIX;
  report({
    name: "validator.overhead.request",
    value: result.value / requests,
    baseline: result.baseline / requests,
    ratio: result.ratio,
    unit: "ms/request",
    note: `Octokit with vs without the validator; ${REQUESTS_PER_MIX}-request mix (10 REST, 2 GraphQL) × ${ITERATIONS}, canned fetch`,
  });
  report({
    name: "validator.overhead.added",
    value: (result.value - result.baseline) / requests,
    unit: "ms/request",
    note: "validated minus plain, per request",
  });
};

export default bench;
