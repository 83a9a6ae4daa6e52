import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DSSE_ENVELOPE_MEDIA_TYPE, SLSA_V1 } from "../../src/core/gates/index.js";
import {
  ACME_BUILDER,
  COMMIT,
  bytes,
  cosignVuln,
  envelope,
  slsaV1,
  spdxDocument,
  statement,
  trivyReport,
  vulns,
} from "../core/gates/fixtures.js";
import { ecdsaKey, signB64, simpleSigningPayload } from "../core/signatures/cosign-fixtures.js";
import { mustHave } from "../harness/services.js";
import { resolveCli } from "./harness/cli.js";
import { blob, buildImage } from "./harness/oci-layout.js";
import { Pusher } from "./harness/push.js";
import { registryCheck, startRegistry } from "./harness/registry.js";
import type { TestRegistry } from "./harness/registry.js";
import { classicImage, classicSignature } from "./harness/signatures.js";

const run = mustHave(registryCheck());
const ci = ecdsaKey();

describe.runIf(run)("bumpwarden resolve --config: supply-chain gates in the CLI", () => {
  let reg: TestRegistry;
  let dir: string;
  const images = Object.fromEntries(
    ["1.0.0", "1.1.0", "1.2.0-rc.1"].map((t) => [t, buildImage({ content: `cli-${t}` })]),
  );
  const cli = (...args: string[]) => resolveCli(reg, dir, args);

  beforeAll(async () => {
    reg = await startRegistry({ auth: "htpasswd" });
    dir = await mkdtemp(join(tmpdir(), "bumpwarden-gates-cli-"));
    await mkdir(join(dir, ".github"));
    await writeFile(join(dir, "cosign.pub"), ci.publicPem);
    await writeFile(
      join(dir, ".github", "bumpwarden.yml"),
      `environments:\n  dev: [clusters/dev/**]\n  prod: [clusters/prod/**]\nimages:\n  - match: "${reg.host}/acme/*"\n    gates:\n      provenance: { builder: ["${ACME_BUILDER}"], source: ["https://github.com/acme/*"] }\n      vulnerabilities: { critical: 0, high: 0 }\n      environments:\n        prod: { prerelease: block }\n`,
    );
    await writeFile(
      join(dir, "broken.yml"),
      `images:\n  - match: x\n    gates:\n      vulnerabilities: { critical: -1 }\n`,
    );
    const push = new Pusher(reg);
    for (const [t, img] of Object.entries(images)) {
      await push.artifact("acme/api", t, img);
      const d = img.manifest.digest;
      const payload = simpleSigningPayload(d, `${reg.host}/acme/api`);
      await push.artifact(
        "acme/api",
        `${d.replace(":", "-")}.sig`,
        classicSignature([{ payload, signature: signB64(ci, payload) }]),
      );
      const layers = [
        envelope(ci, statement(d, SLSA_V1, slsaV1())),
        envelope(
          ci,
          statement(
            d,
            "https://cosign.sigstore.dev/attestation/vuln/v1",
            cosignVuln(trivyReport(vulns({ MEDIUM: 1 }))),
          ),
        ),
        envelope(
          ci,
          statement(
            d,
            "https://spdx.dev/Document",
            spdxDocument([{ name: "musl", version: "1.2.5-r0", license: "MIT" }]),
          ),
        ),
      ].map((e) => ({ blob: blob(DSSE_ENVELOPE_MEDIA_TYPE, bytes(e)) }));
      const config = blob("application/vnd.oci.image.config.v1+json", "{}");
      await push.artifact("acme/api", `${d.replace(":", "-")}.att`, classicImage(layers, config));
    }
  }, 60_000);
  afterAll(async () => reg?.stop());

  it("--json gains gates per environment and the verified provenance (keys from --cosign-key)", async () => {
    const r = await cli(
      `${reg.host}/acme/api`,
      "--semver",
      "^1",
      "--prerelease",
      "--current",
      "1.0.0",
      "--cosign-key",
      "cosign.pub",
      "--config",
      ".github/bumpwarden.yml",
      "--json",
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as Record<string, unknown>;
    expect(out.tag).toBe("1.2.0-rc.1");
    expect(out.gates).toEqual({
      dev: [
        {
          gate: "provenance",
          result: "pass",
          reason: `built by ${ACME_BUILDER} from github.com/acme/api@${COMMIT.slice(0, 12)} (SLSA v1)`,
        },
        {
          gate: "vulnerabilities",
          result: "pass",
          reason: "0 critical, 0 high, 1 medium (trivy v0.56.2)",
        },
      ],
      prod: [
        {
          gate: "provenance",
          result: "pass",
          reason: `built by ${ACME_BUILDER} from github.com/acme/api@${COMMIT.slice(0, 12)} (SLSA v1)`,
        },
        {
          gate: "vulnerabilities",
          result: "pass",
          reason: "0 critical, 0 high, 1 medium (trivy v0.56.2)",
        },
        { gate: "prerelease", result: "block", reason: "1.2.0-rc.1 is a pre-release" },
      ],
    });
    expect(out.provenance).toEqual({
      builder: ACME_BUILDER,
      slsa: "v1",
      source: "github.com/acme/api",
      revision: COMMIT,
      ref: "refs/heads/main",
    });
  });

  it("--env narrows the environments; the human output has one line per gate", async () => {
    const r = await cli(
      `${reg.host}/acme/api`,
      "--semver",
      "~1.1.0",
      "--cosign-key",
      "cosign.pub",
      "--config",
      ".github/bumpwarden.yml",
      "--env",
      "prod",
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain("gate prod provenance: pass (built by");
    expect(r.out).toContain("gate prod prerelease: pass (1.1.0 is a release)");
    expect(r.out).toContain(`provenance: github.com/acme/api @ ${COMMIT}`);
    expect(r.out).not.toContain("gate dev");
  });

  it("without a key the gates fail closed and say why", async () => {
    const r = await cli(
      `${reg.host}/acme/api`,
      "--semver",
      "~1.1.0",
      "--config",
      ".github/bumpwarden.yml",
      "--env",
      "dev",
      "--json",
    );
    const out = JSON.parse(r.out) as {
      gates: Record<string, Array<{ result: string; reason: string }>>;
    };
    expect(out.gates.dev?.[0]).toMatchObject({
      result: "block",
      reason:
        "no verified SLSA provenance (no key is configured to verify attestations (gates.keys or verify.cosign.key))",
    });
  });

  it("bad input changes nothing: an invalid config names its path; --env needs --config", async () => {
    const bad = await cli(`${reg.host}/acme/api`, "--config", "broken.yml", "--json");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(
      /^bumpwarden resolve: broken\.yml: images\.0\.gates\.vulnerabilities\.critical: /,
    );
    expect(bad.out).toBe("");
    const missing = await cli(`${reg.host}/acme/api`, "--config", "nope.yml");
    expect(missing.err).toBe("bumpwarden resolve: cannot read config nope.yml: ENOENT\n");
    const env = await cli(`${reg.host}/acme/api`, "--env", "prod");
    expect([env.code, env.err]).toEqual([2, "bumpwarden resolve: --env goes with --config\n"]);
    const plain = await cli(`${reg.host}/acme/api`, "--semver", "~1.1.0", "--json");
    expect(JSON.parse(plain.out)).not.toHaveProperty("gates");
  });
});
