import { describe, expect, it } from "vitest";
import { acceptTag } from "../../../src/core/plan/accept-tag.js";
import { relationsFromHistory } from "../../../src/core/plan/commit-history.js";
import type { CommitRelation } from "../../../src/core/plan/types.js";
import { commitOfTag, ordersByCommit } from "../../../src/core/versions/index.js";

const OLD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const NEW = "f00dbabe00112233445566778899aabbccddeeff";
const ci = { ci: "sha-{short_sha}" };
const said = (pushed: CommitRelation["pushed"]): CommitRelation => ({
  pushed,
  why: `Commit order: told ${pushed}.`,
});

describe("CI tags name their commit", () => {
  it.each([
    ["sha-{short_sha}", "sha-a1b2c3d", "a1b2c3d"],
    ["main-{sha}-{run}", `main-${OLD}-42`, OLD],
    ["{branch}-{short_sha}", "release-1.2-a1b2c3d4", "a1b2c3d4"],
    ["sha-{short_sha}", "1.8.0", null],
    ["main-{run}", "main-42", null],
    ["{nope}", "x", null],
  ])("%s: %s → %s", (template, tag, sha) => {
    expect(commitOfTag(template, tag)).toBe(sha);
  });

  it("only templates with {sha} or {short_sha} are ordered by commit", () => {
    expect([ordersByCommit("sha-{short_sha}"), ordersByCommit("main-{sha}-{run}")]).toEqual([
      true,
      true,
    ]);
    expect([ordersByCommit("main-{run}"), ordersByCommit("{ts}"), ordersByCommit("{x}")]).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe("acceptTag for a ci policy, with the commits' relation gathered by the app", () => {
  const candidate = `sha-${NEW.slice(0, 7)}`;
  const current = `sha-${OLD.slice(0, 7)}`;

  it("accepts a tag whose commit is newer, refuses an older or the same one, and says how it knows", () => {
    const newer = acceptTag(ci, candidate, current, { [current]: said("newer") });
    expect(newer.accept).toBe(true);
    expect(newer.why).toMatch(
      /ordered by commit history\) and is newer than sha-a1b2c3d\. Commit order: told newer\.$/,
    );
    const older = acceptTag(ci, candidate, current, { [current]: said("older") });
    expect(older).toEqual({
      accept: false,
      why: `${current} stays: no tag that match "sha-{short_sha}" (ordered by commit history) is newer. Skipped 1 tag not newer than the current one (${candidate}). Commit order: told older.`,
    });
    expect(acceptTag(ci, candidate, current, { [current]: said("same") }).accept).toBe(false);
  });

  it("never guesses: an unknown or missing relation is refused with its reason", () => {
    expect(
      acceptTag(ci, candidate, current, {
        [current]: { pushed: "unknown", why: "their commits have diverged." },
      }),
    ).toEqual({
      accept: false,
      why: `${candidate} and ${current} cannot be ordered by commit: their commits have diverged. bumpwarden does not guess.`,
    });
    expect(acceptTag(ci, candidate, current, {}).why).toBe(
      `${candidate} and ${current} cannot be ordered by commit: the commit of ${current} was not compared. bumpwarden does not guess.`,
    );
    // Nothing gathered at all (a caller without the app's evidence): the policy says what it needs.
    expect(acceptTag(ci, candidate, current)).toEqual({
      accept: false,
      why: 'template "sha-{short_sha}" orders tags by commit, but no commit history was given (from the workflow run or the image\'s revision label)',
    });
  });

  it("a tag that does not follow the template is refused; a current one that does not is explained", () => {
    expect(acceptTag(ci, "1.9.0", current, { [current]: said("newer") })).toEqual({
      accept: false,
      why: '1.9.0 is not a tag of the form "sha-{short_sha}".',
    });
    const fromVersion = acceptTag(ci, candidate, "1.7.0", {});
    expect(fromVersion.accept).toBe(false);
    expect(fromVersion.why).toMatch(/^The current tag 1\.7\.0 is not a version under this policy/);
  });

  it("with nothing in use (a digest-only pin), a tag that follows the template is accepted", () => {
    expect(acceptTag(ci, candidate, null, {})).toEqual({
      accept: true,
      why: `${candidate} is the newest of 1 tag that match "sha-{short_sha}" (ordered by commit history).`,
    });
    expect(acceptTag(ci, "latest", null).accept).toBe(false);
  });

  it("the same commit built twice: the run number decides (main-{sha}-{run})", () => {
    const policy = { ci: "main-{sha}-{run}" };
    const same = { [`main-${OLD}-7`]: said("same") };
    expect(acceptTag(policy, `main-${OLD}-8`, `main-${OLD}-7`, same).accept).toBe(true);
    expect(acceptTag(policy, `main-${OLD}-6`, `main-${OLD}-7`, same).accept).toBe(false);
  });

  it("relations read from a linear history (reconcile) place each tag by its commit", () => {
    const history = { commits: [OLD, "b".repeat(40), NEW], why: "commit order from a test" };
    expect(
      relationsFromHistory("sha-{short_sha}", history, candidate, [
        current,
        "sha-bbbbbbb",
        "sha-0000000",
      ]),
    ).toEqual({
      [current]: { pushed: "newer", why: "Commit order from a test." },
      "sha-bbbbbbb": { pushed: "newer", why: "Commit order from a test." },
      "sha-0000000": {
        pushed: "unknown",
        why: "the commit of sha-0000000 is not in the history read (commit order from a test)",
      },
    });
    expect(relationsFromHistory("sha-{short_sha}", history, current, [candidate])).toEqual({
      [candidate]: { pushed: "older", why: "Commit order from a test." },
    });
  });
});
