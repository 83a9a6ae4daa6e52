import { it, expect } from "vitest";
import { startAppWorld } from "../../sim/app-world.js";
import { ValidatedProbotOctokit } from "../harness/octokit.js";
import { bumpPulls, generatedGitops } from "../reliability/app-helpers.js";

it("faults", async () => {
  const images = Array.from({ length: 20 }, (_, i) => `acme/svc-${String(i + 1).padStart(2, "0")}`);
  const w = await startAppWorld({ Octokit: ValidatedProbotOctokit, files: generatedGitops(images), env: { BUMPWARDEN_JOB_MAX_ATTEMPTS: "10" } });
  w.github.inject.error({ status: 502, probability: 0.05 });
  w.github.inject.error({ status: 500, probability: 0.02, phase: "after" });
  w.github.inject.rateLimit({ kind: "secondary", status: 403, retryAfter: 1, probability: 0.02 });
  w.github.inject.rateLimit({ kind: "secondary", status: 429, retryAfter: 2, probability: 0.01 });
  const t = performance.now();
  for (const [i, image] of images.entries()) w.pushImage(image, `1.${i}.0`);
  await Promise.all(images.map((image, i) => w.notifyPush(`ghcr.io/${image}`, `1.${i}.0`)));
  await w.idle(300_000);
  console.log((performance.now() - t) / 1000, bumpPulls(w.github, w.repo).length, await w.app.queue.deadLetters(), w.github.counts.snapshot());
  await w.close();
}, 300_000);
