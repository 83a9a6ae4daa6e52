import { Redis } from "ioredis";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryImageIndex } from "../../src/adapters/index-store/memory.js";
import { RedisImageIndex } from "../../src/adapters/index-store/redis.js";
import type { ImageIndex, IndexedReference } from "../../src/ports/image-index.js";
import { mustHave, redisCheck } from "../harness/services.js";

const ref = (
  file: string,
  repository: string,
  tag: string,
  environment: string | null = null,
): IndexedReference => ({
  file,
  line: 7,
  repository,
  tag,
  digest: null,
  kind: "container",
  environment,
  editable: true,
});

function contract(name: string, make: () => ImageIndex) {
  describe(`${name} image index`, () => {
    it("finds the repositories that use an image, across installations", async () => {
      const index = make();
      await index.putRepo({
        installationId: 1,
        repo: "acme/gitops",
        defaultBranch: "main",
        headOid: "a".repeat(40),
        config: null,
        files: {
          "clusters/dev/api.yaml": [
            ref("clusters/dev/api.yaml", "ghcr.io/acme/api", "1.0.0", "dev"),
          ],
          "clusters/prod/api.yaml": [
            ref("clusters/prod/api.yaml", "ghcr.io/acme/api", "0.9.0", "prod"),
          ],
          "clusters/dev/web.yaml": [
            ref("clusters/dev/web.yaml", "docker.io/library/nginx", "1.27"),
          ],
        },
      });
      await index.putRepo({
        installationId: 2,
        repo: "other/deploy",
        defaultBranch: "main",
        headOid: "b".repeat(40),
        config: null,
        files: { "values.yaml": [ref("values.yaml", "ghcr.io/acme/api", "1.0.0")] },
      });
      const usages = await index.usages("ghcr.io/acme/api");
      expect(usages.map((u) => [u.installationId, u.repo, u.references.length])).toEqual([
        [1, "acme/gitops", 2],
        [2, "other/deploy", 1],
      ]);
      expect(await index.images()).toEqual(["docker.io/library/nginx", "ghcr.io/acme/api"]);
      expect(await index.repos()).toEqual([
        [1, "acme/gitops"],
        [2, "other/deploy"],
      ]);
    });

    it("patches changed files only, forgetting an image nobody uses any more", async () => {
      const index = make();
      await index.putRepo({
        installationId: 1,
        repo: "acme/gitops",
        defaultBranch: "main",
        headOid: "a".repeat(40),
        config: null,
        files: {
          "a.yaml": [ref("a.yaml", "ghcr.io/acme/api", "1")],
          "b.yaml": [ref("b.yaml", "ghcr.io/acme/old", "1")],
        },
      });
      await index.patchRepo(1, "acme/gitops", "c".repeat(40), {
        "b.yaml": [],
        "c.yaml": [ref("c.yaml", "ghcr.io/acme/new", "2")],
      });
      const repo = await index.getRepo(1, "acme/gitops");
      expect(repo?.headOid).toBe("c".repeat(40));
      expect(Object.keys(repo?.files ?? {}).sort()).toEqual(["a.yaml", "c.yaml"]);
      expect(await index.usages("ghcr.io/acme/old")).toEqual([]);
      expect((await index.usages("ghcr.io/acme/new")).map((u) => u.repo)).toEqual(["acme/gitops"]);
      await index.removeRepo(1, "acme/gitops");
      expect(await index.usages("ghcr.io/acme/api")).toEqual([]);
      expect(await index.getRepo(1, "acme/gitops")).toBeUndefined();
    });

    it("keeps the policy files of review.policies, replaced only when a patch gives them", async () => {
      const index = make();
      await index.putRepo({
        installationId: 1,
        repo: "acme/gitops",
        defaultBranch: "main",
        headOid: "a".repeat(40),
        config: 'review:\n  policies: ["policies/**"]\n',
        files: { "a.yaml": [ref("a.yaml", "ghcr.io/acme/api", "1")] },
        policies: { globs: ["policies/**"], files: ["policies/a.yaml"] },
      });
      await index.patchRepo(1, "acme/gitops", "b".repeat(40), {
        "a.yaml": [ref("a.yaml", "ghcr.io/acme/api", "2")],
      });
      expect((await index.getRepo(1, "acme/gitops"))?.policies?.files).toEqual(["policies/a.yaml"]);
      await index.patchRepo(1, "acme/gitops", "c".repeat(40), {}, [
        "policies/a.yaml",
        "policies/b.yaml",
      ]);
      expect((await index.getRepo(1, "acme/gitops"))?.policies).toEqual({
        globs: ["policies/**"],
        files: ["policies/a.yaml", "policies/b.yaml"],
      });
    });
  });
}

contract("memory", () => new MemoryImageIndex());

const redis = await redisCheck();
describe.runIf(mustHave(redis))("with Redis", () => {
  let client: Redis;
  const prefix = `bw-test:${randomUUID()}`;
  beforeAll(() => {
    client = new Redis(redis.url ?? "");
  });
  afterAll(async () => {
    const keys = await client.keys(`${prefix}:*`);
    if (keys.length > 0) await client.del(...keys);
    await client.quit();
  });
  contract("redis", () => new RedisImageIndex(client, `${prefix}:${randomUUID()}`));
});
