import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeClean, graphql, headOid, world } from "./helpers.js";
import type { World } from "./helpers.js";

/** GraphQL `updateRefs`: all-or-nothing ref updates guarded by the value each ref must still have. */
let w: World;
beforeEach(async () => {
  w = await world();
});
afterEach(() => closeClean(w));

const UPDATE_REFS = `mutation($repositoryId: ID!, $updates: [RefUpdate!]!) {
  updateRefs(input: { repositoryId: $repositoryId, refUpdates: $updates }) { clientMutationId }
}`;

async function repositoryId(): Promise<string> {
  const r = await graphql<{ repository: { id: string } }>(
    w,
    `
      query {
        repository(owner: "acme", name: "gitops") {
          id
        }
      }
    `,
  );
  return r.repository.id;
}

const run = async (updates: unknown[]) => {
  try {
    await graphql(w, UPDATE_REFS, { repositoryId: await repositoryId(), updates });
    return "ok";
  } catch (e) {
    return (
      (e as { errors?: Array<{ message: string }> }).errors?.map((x) => x.message).join("; ") ??
      String(e)
    );
  }
};

describe("updateRefs", () => {
  it("moves a ref that still has its beforeOid (force allows a non fast-forward), creates and deletes", async () => {
    const main = await headOid(w, "main");
    const feature = w.sim.human.push("acme/gitops", "feature", { "a.txt": "a\n" });
    w.sim.human.createBranch("acme/gitops", "old");
    const ZERO = "0".repeat(40);
    expect(
      await run([
        { name: "refs/heads/feature", beforeOid: feature, afterOid: main, force: true },
        { name: "refs/heads/fresh", beforeOid: ZERO, afterOid: feature },
        { name: "refs/heads/old", afterOid: ZERO },
      ]),
    ).toBe("ok");
    expect(await headOid(w, "feature")).toBe(main);
    expect(await headOid(w, "fresh")).toBe(feature);
    expect(await headOid(w, "old")).toBe("");
  });

  it("changes nothing when one ref moved since (git's lock message), or when a move is not a fast-forward", async () => {
    const main = await headOid(w, "main");
    const seen = w.sim.human.push("acme/gitops", "feature", { "a.txt": "a\n" });
    const pushed = w.sim.human.push(
      "acme/gitops",
      "feature",
      { "b.txt": "b\n" },
      { author: "someone" },
    );
    const other = w.sim.human.push("acme/gitops", "other", { "c.txt": "c\n" });
    expect(
      await run([
        { name: "refs/heads/other", beforeOid: other, afterOid: main, force: true },
        { name: "refs/heads/feature", beforeOid: seen, afterOid: main, force: true },
      ]),
    ).toBe(`cannot lock ref 'refs/heads/feature': is at ${pushed} but expected ${seen}`);
    expect(await headOid(w, "feature")).toBe(pushed);
    expect(await headOid(w, "other")).toBe(other);
    expect(await run([{ name: "refs/heads/other", afterOid: main }])).toBe(
      "Update of refs/heads/other is not a fast forward.",
    );
  });
});
