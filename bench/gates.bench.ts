import { createCredentialStore, createRegistryClient } from "../src/adapters/registry/index.js";
import { gateEvidence } from "../src/app/gate-evidence.js";
import {
  attestationFacts,
  evaluateGates,
  DSSE_ENVELOPE_MEDIA_TYPE,
} from "../src/core/gates/index.js";
import { parseConfig } from "../src/core/config/load.js";
import { parsePublicKey } from "../src/core/signatures/index.js";
import type { Clock } from "../src/ports/clock.js";
import {
  bytes,
  cosignVuln,
  envelope,
  slsaV1,
  spdxDocument,
  statement,
  trivyReport,
  vulns,
} from "../test/core/gates/fixtures.js";
import { ecdsaKey } from "../test/core/signatures/cosign-fixtures.js";
import { FakeRegistry } from "../test/registry/harness/fake-registry.js";
import {
  blob,
  buildImage,
  descriptorOf,
  imageManifest,
} from "../test/registry/harness/oci-layout.js";
import type { Bench } from "./figure.js";
import { compare } from "./figure.js";

const LICENSES = [
  "MIT",
  "Apache-2.0",
  "BSD-3-Clause",
  "ISC",
  "MIT OR Apache-2.0",
  "GPL-2.0-only WITH Classpath-exception-2.0",
  "LGPL-2.1-or-later",
  "Zlib",
];

const bench: Bench = async (report) => {
  const key = ecdsaKey();
  const pub = parsePublicKey(key.publicPem);
  if (!pub.ok) throw new Error(pub.error);
  const digest = `sha256:${"a".repeat(64)}`;
  const packages = Array.from({ length: 5_000 }, (_, i) => ({
    name: `pkg-${i}`,
    version: `1.${i % 50}.0`,
    license: LICENSES[i % LICENSES.length] ?? "MIT",
  }));
  const layer = {
    layout: "tag" as const,
    artifact: digest,
    mediaType: DSSE_ENVELOPE_MEDIA_TYPE,
    annotations: {},
    content: bytes(
      envelope(key, statement(digest, "https://spdx.dev/Document", spdxDocument(packages))),
    ),
  };
  const parsed = parseConfig(
    `images:\n  - match: "*"\n    gates: { licenses: { deny: ["GPL-3.0-*", "AGPL-*"] } }\n`,
  );
  if (!parsed.ok) throw new Error("config");
  const gates = parsed.value.images[0]?.gates;
  const check = evaluateGates(
    gates,
    ["prod"],
    attestationFacts(digest, [layer], { keys: [pub.value] }),
    { tag: "1.0.0" },
  );
  if (check.prod?.[0]?.result !== "pass")
    throw new Error(`unexpected verdict: ${JSON.stringify(check)}`);
  const r = await compare(
    () =>
      evaluateGates(gates, ["prod"], attestationFacts(digest, [layer], { keys: [pub.value] }), {
        tag: "1.0.0",
      }),
    () =>
      JSON.parse(
        Buffer.from(
          JSON.parse(Buffer.from(layer.content).toString("utf8")).payload,
          "base64",
        ).toString("utf8"),
      ),
    15,
  );
  report({
    name: "gates: verify, read and judge a 5,000-package SPDX attestation",
    value: r.value,
    unit: "ms",
    baseline: r.baseline,
    ratio: r.ratio,
    note: "baseline: JSON.parse of the envelope and of its decoded statement alone",
  });

  // Registry calls for the gates of one image, cold and after its signature check warmed the cache.
  const fake = await new FakeRegistry().start();
  try {
    const repoPath = "acme/api";
    const img = buildImage({ content: "gates-bench" });
    fake.putBlobs(repoPath, img.blobs);
    fake.putManifest(repoPath, ["1.0.0"], img.manifest);
    const d = img.manifest.digest;
    const layers = [
      envelope(key, statement(d, "https://slsa.dev/provenance/v1", slsaV1())),
      envelope(
        key,
        statement(
          d,
          "https://cosign.sigstore.dev/attestation/vuln/v1",
          cosignVuln(trivyReport(vulns({ HIGH: 2 }))),
        ),
      ),
      envelope(
        key,
        statement(d, "https://spdx.dev/Document", spdxDocument(packages.slice(0, 200))),
      ),
    ].map((e) => blob(DSSE_ENVELOPE_MEDIA_TYPE, bytes(e)));
    const config = blob("application/vnd.oci.image.config.v1+json", "{}");
    const manifest = imageManifest(
      config,
      layers.map((l) => descriptorOf(l)),
    );
    fake.putBlobs(repoPath, [config, ...layers]);
    fake.putManifest(repoPath, [`${d.replace(":", "-")}.att`], manifest);
    fake.referrersApi = false;
    const now = Date.parse("2026-06-01T00:00:00Z");
    const clock: Clock = { now: () => new Date(now) };
    const client = createRegistryClient({
      credentials: createCredentialStore({}, []),
      clock,
      insecureHosts: [fake.host],
    });
    const rule = parseConfig(
      `images:\n  - match: "*"\n    gates: { keys: [k.pub], provenance: {}, vulnerabilities: { critical: 0 }, licenses: { deny: [GPL-3.0-only] } }\n`,
    );
    if (!rule.ok || !rule.value.images[0]) throw new Error("config");
    const request = {
      repository: `${fake.host}/${repoPath}`,
      digest: d,
      tag: "1.0.0",
      rule: rule.value.images[0],
      environments: ["dev", "staging", "prod"],
      readKey: async () => key.publicPem,
    };
    const count = async (fn: () => Promise<unknown>) => {
      const before = fake.requests.length;
      await fn();
      return fake.requests.length - before;
    };
    const cold = await count(() => gateEvidence(client, request));
    const warm = await count(() => gateEvidence(client, request));
    report({
      name: "gates: registry calls per evaluation, warm cache",
      value: warm,
      unit: "requests",
      baseline: cold,
      ratio: cold ? warm / cold : 0,
      note: "baseline: cold cache (.att manifest, 3 attestation blobs, referrers API probe and fallback tag); three environments judged from one fetch",
    });
  } finally {
    await fake.close();
  }
};

export default bench;
