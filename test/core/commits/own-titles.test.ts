import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  checkMessage,
  commitPolicy,
  ownTitle,
  planLandings,
} from "../../../src/core/commits/index.js";
import {
  GITHUB_DEFAULT_MERGE_SETTINGS,
  checkPullRequest,
} from "../../../src/core/commits/index.js";
import { defaultConfig, parseConfig } from "../../../src/core/config/load.js";
import type { BumpTitleParts } from "../../../src/core/pr/title.js";
import { formatBumpTitle, parseBumpTitle } from "../../../src/core/pr/title.js";
import { corpusUrl } from "../../harness/corpus.js";

/** Every image of the shared GitOps corpora and the registries-with-ports of the reference cases. */
function images(): { repository: string; tag: string | null; digest: string | null }[] {
  const corpus = corpusUrl("");
  const out = new Map<string, { repository: string; tag: string | null; digest: string | null }>();
  for (const f of readdirSync(new URL("gitops/", corpus)).filter((n) =>
    n.endsWith(".expected.json"),
  )) {
    const refs = JSON.parse(readFileSync(new URL(`gitops/${f}`, corpus), "utf8")) as {
      repository: string;
      tag: string | null;
      digest: string | null;
    }[];
    for (const r of refs) if (r.repository) out.set(`${r.repository}:${r.tag}@${r.digest}`, r);
  }
  const cases = JSON.parse(readFileSync(new URL("reference/cases.json", corpus), "utf8")) as {
    kind: string;
    error?: string | null;
    name?: string;
    tag?: string | null;
    digest?: string | null;
  }[];
  for (const c of cases)
    if (c.kind === "parse" && c.error === null && c.name && /^[a-z0-9]/.test(c.name))
      out.set(c.name, { repository: c.name, tag: c.tag ?? null, digest: c.digest ?? null });
  return [...out.values()];
}

const ENVIRONMENTS = ["dev", "staging", "prod", "production-eu-west-1", "a", "x".repeat(31), null];
const DIGEST = "sha256:3f2a9c1d0e4b5a6978877665544332211000ffeeddccbbaa9988776655443322";
const LONG_TAG = `1.2.3-${"rc".repeat(60)}`.slice(0, 128);

function generated(): BumpTitleParts[] {
  const parts: BumpTitleParts[] = [];
  for (const image of images())
    for (const environment of ENVIRONMENTS) {
      parts.push({
        repository: image.repository,
        tag: image.tag ?? "1.0.0",
        digest: image.digest,
        environment,
        digestOnly: false,
      });
      parts.push({
        repository: image.repository,
        tag: image.tag,
        digest: image.digest ?? DIGEST,
        environment,
        digestOnly: true,
      });
    }
  for (const environment of ENVIRONMENTS) {
    parts.push({
      repository: "registry.example.com:5000/team/sub/very-long-image-name-for-testing",
      tag: LONG_TAG,
      digest: null,
      environment,
      digestOnly: false,
    });
    parts.push({
      repository: "registry.example.com:5000/team/sub/very-long-image-name-for-testing",
      tag: LONG_TAG,
      digest: DIGEST,
      environment,
      digestOnly: true,
    });
  }
  return parts;
}

const STYLES = [
  "",
  "pullRequests: { commitType: build, commitScope: images, digestCommitType: fix }",
  "pullRequests: { commitScope: '' }",
  "commits: { types: [feat, fix], scopes: [api, web], rules: { header-max-length: [error, always, 72] } }",
  "commits: { rules: { header-max-length: [error, always, 50], subject-max-length: [0] } }",
];

describe("bumpwarden's own titles always pass its own check", () => {
  const all = generated();

  it("generates hundreds of titles from the corpora", () => {
    expect(all.length).toBeGreaterThan(500);
  });

  it.each(STYLES)(
    "with config %j: every title, alone and as it lands after a squash",
    async (yaml) => {
      const parsed = parseConfig(yaml);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
      const policy = commitPolicy(parsed.value);
      const failures: string[] = [];
      for (const parts of all) {
        const title = ownTitle(parts, policy);
        for (const text of [title, `${title} (#123456)`, `${title}\n\nProposed by bumpwarden.`]) {
          const result = await checkMessage(text, policy);
          if (result.problems.length > 0)
            failures.push(`${text}: ${result.problems.map((p) => p.rule).join(",")}`);
        }
      }
      expect(failures).toEqual([]);
    },
  );

  it("passes the whole PR check: title and commit, under every merge setting", async () => {
    const policy = commitPolicy(defaultConfig());
    const title = ownTitle(all[0] ?? generated()[0]!, policy);
    const report = await checkPullRequest(
      {
        number: 99_999,
        title,
        baseRef: "main",
        commits: [{ sha: "f".repeat(40), message: title, parents: 1 }],
      },
      GITHUB_DEFAULT_MERGE_SETTINGS,
      policy,
    );
    expect(report.conclusion).toBe("success");
    expect(report.messages.every((m) => m.problems.length === 0)).toBe(true);
    expect(
      planLandings(
        { number: 1, title, baseRef: "main", commits: [] },
        GITHUB_DEFAULT_MERGE_SETTINGS,
        { checkCommits: true },
      ).landings,
    ).toHaveLength(1);
  });
});

describe("formatBumpTitle / parseBumpTitle", () => {
  const style = { type: "chore", scope: "deps", digestType: "fix" };

  it.each([
    [
      {
        repository: "ghcr.io/acme/api",
        tag: "1.8.0",
        digest: null,
        environment: "staging",
        digestOnly: false,
      },
      "chore(deps): bump acme/api to 1.8.0 in staging",
    ],
    [
      {
        repository: "docker.io/library/nginx",
        tag: "1.27",
        digest: null,
        environment: "prod",
        digestOnly: false,
      },
      "chore(deps): bump nginx to 1.27 in prod",
    ],
    [
      {
        repository: "docker.io/bitnami/redis",
        tag: "7.2.4",
        digest: null,
        environment: null,
        digestOnly: false,
      },
      "chore(deps): bump bitnami/redis to 7.2.4",
    ],
    [
      {
        repository: "localhost:5000/app",
        tag: "v2",
        digest: null,
        environment: "dev",
        digestOnly: false,
      },
      "chore(deps): bump app to v2 in dev",
    ],
    [
      {
        repository: "ghcr.io/acme/api",
        tag: "latest",
        digest: DIGEST,
        environment: "staging",
        digestOnly: true,
      },
      "fix(deps): bump acme/api:latest digest to 3f2a9c1d0e4b in staging",
    ],
    [
      {
        repository: "ghcr.io/acme/api",
        tag: null,
        digest: DIGEST,
        environment: "staging",
        digestOnly: false,
      },
      "fix(deps): bump acme/api digest to 3f2a9c1d0e4b in staging",
    ],
  ] as const)("%j → %j, and back", (parts, expected) => {
    const title = formatBumpTitle(parts, style);
    expect(title).toBe(expected);
    const parsed = parseBumpTitle(title);
    expect(parsed?.environment).toBe(parts.environment);
    expect(parsed?.digestOnly).toBe(parts.digestOnly || parts.tag === null);
    expect(parsed && formatBumpTitle({ ...parts, repository: parsed.image }, style)).toBe(title);
    expect(parseBumpTitle(`${title} (#42)`)).toEqual(parsed);
  });

  it("round-trips every generated title that did not need shortening", () => {
    for (const parts of generated()) {
      const title = formatBumpTitle(parts, style, { maxLength: 1000 });
      const parsed = parseBumpTitle(title);
      expect(parsed, title).toBeDefined();
      expect(
        formatBumpTitle({ ...parts, repository: parsed?.image ?? "" }, style, { maxLength: 1000 }),
      ).toBe(title);
    }
  });

  it("shortens long titles, image path first, then the tag, keeping the environment", () => {
    const title = formatBumpTitle(
      {
        repository: "registry.example.com:5000/team/sub/very-long-image-name-for-testing",
        tag: LONG_TAG,
        digest: null,
        environment: "production-eu-west-1",
        digestOnly: false,
      },
      style,
    );
    expect(title.length).toBeLessThanOrEqual(90);
    expect(title).toMatch(
      /^chore\(deps\): bump very-\.\.\. to 1\.2\.3-rc.*\.\.\. in production-eu-west-1$/,
    );
    const short = formatBumpTitle(
      {
        repository: "registry.example.com:5000/team/sub/very-long-image-name-for-testing",
        tag: "1.2.3",
        digest: null,
        environment: "prod",
        digestOnly: false,
      },
      style,
    );
    expect(short).toBe(
      "chore(deps): bump team/sub/very-long-image-name-for-testing to 1.2.3 in prod",
    );
  });

  it("returns undefined for titles that are not bump titles", () => {
    expect(parseBumpTitle("feat: add x")).toBeUndefined();
    expect(parseBumpTitle("chore(deps): bump")).toBeUndefined();
  });
});
