import { describe, expect, it } from "vitest";
import { decorationSteps } from "../../../src/core/plan/decoration.js";
import type { DecorationSteps, WantedDecoration } from "../../../src/core/plan/decoration.js";
import type { PullRequestDecoration, PullRequestState } from "../../../src/core/plan/types.js";

const wanted: WantedDecoration = {
  labels: ["dependencies", "gitops"],
  reviewers: ["alice"],
  teamReviewers: [],
  automerge: true,
};

const pr = (labels: string[], decoration?: Partial<PullRequestDecoration>): PullRequestState => ({
  id: "PR_1",
  number: 1,
  title: "chore(deps): bump acme/api to 1.8.0 in dev",
  body: "",
  state: "OPEN",
  url: "https://github.com/acme/gitops/pull/1",
  mergedAt: null,
  headOid: "1".repeat(40),
  labels,
  checks: null,
  ...(decoration && {
    decoration: { autoMerge: false, mergeState: "CLEAN", reviewers: [], ...decoration },
  }),
});

const done = ["dependencies", "gitops"];

describe("what a bump PR still lacks of its decoration", () => {
  it("a PR about to be opened gets all of it, teams only when there are some", () => {
    expect(decorationSteps(null, wanted, true)).toEqual({
      labels: done,
      reviewers: ["alice"],
      automerge: true,
    });
    expect(decorationSteps(null, { ...wanted, teamReviewers: ["platform"] }, true)).toEqual({
      labels: done,
      reviewers: ["alice"],
      teamReviewers: ["platform"],
      automerge: true,
    });
    expect(
      decorationSteps(
        null,
        { labels: [], reviewers: [], teamReviewers: [], automerge: false },
        true,
      ),
    ).toBeNull();
  });

  it.each([
    // [case, labels, reported state, rewritten, expected steps]
    [
      "fully decorated, auto-merge refused as clean: nothing (no retry on every event)",
      done,
      { reviewers: ["alice"] },
      false,
      null,
    ],
    [
      "labels there, reviewers failed: only the reviewers",
      done,
      {},
      false,
      { labels: [], reviewers: ["alice"], automerge: false },
    ],
    [
      "reviewers and auto-merge there, labels failed: only the missing labels",
      ["dependencies"],
      { reviewers: ["alice"], autoMerge: true, mergeState: "BLOCKED" },
      false,
      { labels: ["gitops"], reviewers: [], automerge: false },
    ],
    [
      "a check is pending and auto-merge is off: GitHub would accept it now",
      done,
      { reviewers: ["alice"], mergeState: "BLOCKED" },
      false,
      { labels: [], reviewers: [], automerge: true },
    ],
    [
      "merge state still being computed: worth a try",
      done,
      { reviewers: ["alice"], mergeState: "UNKNOWN" },
      false,
      { labels: [], reviewers: [], automerge: true },
    ],
    [
      "non-passing optional checks (UNSTABLE): GitHub refuses, so no retry",
      done,
      { reviewers: ["ALICE"], mergeState: "UNSTABLE" },
      false,
      null,
    ],
    [
      "a new commit was just written: auto-merge is asked again whatever the old state",
      done,
      { reviewers: ["alice"], mergeState: "CLEAN" },
      true,
      { labels: [], reviewers: [], automerge: true },
    ],
    [
      "auto-merge already on: never asked twice",
      done,
      { reviewers: ["alice"], autoMerge: true, mergeState: "BLOCKED" },
      true,
      null,
    ],
    [
      "alice already reviewed (no longer requested) and labels differ in case: nothing",
      ["Dependencies", "GITOPS"],
      { reviewers: ["alice"] },
      false,
      null,
    ],
  ] as Array<[string, string[], Partial<PullRequestDecoration>, boolean, DecorationSteps | null]>)(
    "%s",
    (_name, labels, state, rewritten, expected) => {
      expect(decorationSteps(pr(labels, state), wanted, rewritten)).toEqual(expected);
    },
  );

  it("a person who removed one of several reviewers is not overruled; all removed, they are asked again", () => {
    const two = { ...wanted, reviewers: ["alice", "bob"], teamReviewers: ["platform"] };
    expect(decorationSteps(pr(done, { reviewers: ["bob"] }), two, false)).toBeNull();
    expect(decorationSteps(pr(done, { reviewers: ["platform"] }), two, false)).toBeNull();
    expect(decorationSteps(pr(done, { reviewers: [] }), two, false)).toEqual({
      labels: [],
      reviewers: ["alice", "bob"],
      teamReviewers: ["platform"],
      automerge: false,
    });
  });

  it("without a reported state, the labels stand for the whole decoration", () => {
    expect(decorationSteps(pr([]), wanted, false)).toEqual({
      labels: done,
      reviewers: ["alice"],
      automerge: true,
    });
    expect(decorationSteps(pr(done), wanted, true)).toBeNull();
  });
});
