import { it } from "vitest";
import { MemoryImageIndex } from "../../src/adapters/index-store/memory.js";
import { indexRepository } from "../../src/app/index-repo.js";
import { gitopsWorld } from "../e2e/gitops-world.js";
it("dbg", async () => {
  const w = await gitopsWorld();
  const index = new MemoryImageIndex();
  console.log(await indexRepository(w.host, index, w.installationId, w.repo));
  console.log(JSON.stringify(await index.getRepo(w.installationId, "acme/gitops"), null, 1).slice(0, 1500));
  await w.close();
});
