import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePublicKey } from "../../src/core/signatures/index.js";
import { mustHave } from "../harness/services.js";
import { ecdsaKey, signB64, simpleSigningPayload } from "../core/signatures/cosign-fixtures.js";
import { buildImage } from "./harness/oci-layout.js";
import { Pusher } from "./harness/push.js";
import { registryCheck, startRegistry } from "./harness/registry.js";
import type { TestRegistry } from "./harness/registry.js";
import { classicSignature } from "./harness/signatures.js";
import { resolveCli } from "./harness/cli.js";

const run = mustHave(registryCheck());
const key = ecdsaKey();
const stranger = ecdsaKey();
const history = [
  "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
  "f00dfeedcafe0000111122223333444455556666",
  "3f2a9c1aaaaabbbbbccccdddddeeeeefffff0000",
];

describe.runIf(run)("bumpwarden resolve (CLI) against a real registry", () => {
  let reg: TestRegistry;
  let dir: string;
  const img = (t: string) =>
    buildImage({
      content: t,
      labels: {
        "org.opencontainers.image.source": "https://github.com/acme/api",
        "org.opencontainers.image.revision": `rev-${t}`,
      },
    });
  const images = Object.fromEntries(
    [
      "1.0.0",
      "1.1.0",
      "1.2.0",
      "sha-0a1b2c3",
      "sha-f00dfee",
      "sha-3f2a9c1",
      "build-9",
      "build-10",
    ].map((t) => [t, img(t)]),
  );

  const cli = (...args: string[]) => resolveCli(reg, dir, args);

  beforeAll(async () => {
    reg = await startRegistry({ auth: "htpasswd" });
    dir = await mkdtemp(join(tmpdir(), "bumpwarden-cli-"));
    await writeFile(join(dir, "cosign.pub"), key.publicPem);
    await writeFile(join(dir, "other.pub"), stranger.publicPem);
    await writeFile(join(dir, "commits.txt"), `${history.join("\n")}\n`);
    const push = new Pusher(reg);
    for (const [t, i] of Object.entries(images)) await push.artifact("acme/api", t, i);
    await push.manifest("acme/api", "latest", images["1.2.0"]!.manifest);
    const d = images["1.1.0"]!.manifest.digest;
    const payload = simpleSigningPayload(d, `${reg.host}/acme/api`);
    await push.artifact(
      "acme/api",
      `${d.replace(":", "-")}.sig`,
      classicSignature([{ payload, signature: signB64(key, payload) }]),
    );
  }, 60_000);
  afterAll(async () => reg?.stop());

  it("--json prints the selected tag, its digest and the signature verdict", async () => {
    const r = await cli(
      `${reg.host}/acme/api`,
      "--semver",
      "^1",
      "--current",
      "1.0.0",
      "--cosign-key",
      "cosign.pub",
      "--json",
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as Record<string, unknown>;
    const k = parsePublicKey(key.publicPem);
    expect(json).toMatchObject({
      repository: `${reg.host}/acme/api`,
      tag: "1.1.0",
      digest: images["1.1.0"]!.manifest.digest,
      previous: "1.0.0",
      signature: { verified: true, keyId: k.ok ? k.value.keyId : "" },
      rejected: [{ tag: "1.2.0", reason: expect.stringMatching(/^no cosign signature found/) }],
      image: { source: "https://github.com/acme/api", revision: "rev-1.1.0" },
    });
    expect(json.why).toMatch(
      /^1\.2\.0 is the newest of 2 tags that satisfy "\^1" and are newer than 1\.0\.0\. Skipped /,
    );
    expect(json.why).toContain("1 signature/attestation tag (sha256-");
    expect(json.why).toContain("6 tags that are not versions under this policy");
    expect(json.why).toMatch(
      /1\.2\.0 \(sha256:[0-9a-f]{64}\) is not proposed: no cosign signature found/,
    );
    expect(json.why).toMatch(
      /1\.1\.0 is proposed: its signature verified with sha256:[0-9a-f]{64} \(cosign \.sig tag\)\.$/,
    );
  });

  it("prints a readable summary and exits 1 when newer tags exist but none verifies", async () => {
    const r = await cli(`${reg.host}/acme/api:1.0.0`, "--cosign-key", "other.pub");
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${reg.host}/acme/api: nothing to propose (stays on 1.0.0)`);
    expect(r.out).toContain("refused 1.1.0: the signature does not verify with any configured key");
  });

  it("without verification, selects the newest and says verification is not configured", async () => {
    const r = await cli(`${reg.host}/acme/api`, "--current", "1.0.0", "--json");
    expect(JSON.parse(r.out)).toMatchObject({
      tag: "1.2.0",
      signature: {
        verified: false,
        reason: "signature verification is not configured for this image",
      },
    });
  });

  it("regex (numerical), ci (commit order) and digest policies", async () => {
    const regex = await cli(
      `${reg.host}/acme/api`,
      "--regex",
      "^build-(\\d+)$",
      "--current",
      "build-9",
      "--json",
    );
    expect(JSON.parse(regex.out)).toMatchObject({ tag: "build-10" });
    const ci = await cli(
      `${reg.host}/acme/api`,
      "--ci",
      "sha-{short_sha}",
      "--commits",
      "commits.txt",
      "--current",
      "sha-0a1b2c3",
      "--json",
    );
    expect(JSON.parse(ci.out)).toMatchObject({
      tag: "sha-3f2a9c1",
      digest: images["sha-3f2a9c1"]!.manifest.digest,
    });
    const old = images["1.0.0"]!.manifest.digest;
    const dig = await cli(`${reg.host}/acme/api:latest@${old}`, "--digest", "--json");
    expect(JSON.parse(dig.out)).toMatchObject({
      tag: "latest",
      digest: images["1.2.0"]!.manifest.digest,
      changed: true,
      why: expect.stringContaining(`latest moved from ${old} to`),
    });
    const same = await cli(
      `${reg.host}/acme/api`,
      "--digest",
      "--current",
      "latest",
      "--current-digest",
      images["1.2.0"]!.manifest.digest,
      "--json",
    );
    expect(JSON.parse(same.out)).toMatchObject({ tag: "latest", changed: false });
  });

  it("bad input exits 2 with a clear message and asks nothing of the registry", async () => {
    expect(await cli(`${reg.host}/acme/api`, "--regex", "^(broken")).toMatchObject({
      code: 2,
      err: expect.stringContaining("is not a valid regular expression"),
    });
    expect(await cli(`${reg.host}/acme/api`, "--cosign-key", "missing.pub")).toMatchObject({
      code: 2,
      err: "bumpwarden resolve: cannot read cosign key missing.pub: ENOENT\n",
    });
    expect(await cli(`${reg.host}/acme/api`, "--semver", "^1", "--digest")).toMatchObject({
      code: 2,
      err: expect.stringContaining("choose one of"),
    });
    expect(await cli("Not/Valid")).toMatchObject({
      code: 2,
      err: expect.stringContaining("lowercase"),
    });
    expect(await cli(`${reg.host}/acme/api`, "--bogus")).toMatchObject({ code: 2 });
  });

  it("a registry failure exits 1 with the registry's reason", async () => {
    const r = await cli(`${reg.host}/acme/unknown`);
    expect(r).toMatchObject({
      code: 1,
      err: expect.stringContaining("tags not found (NAME_UNKNOWN"),
    });
  });
});
