import { createCredentialStore, createRegistryClient } from "../../src/adapters/registry/index.js";
import { DSSE_ENVELOPE_MEDIA_TYPE } from "../../src/core/gates/index.js";
import { systemClock } from "../../src/ports/clock.js";
import type { Registry } from "../../src/ports/registry.js";
import {
  bytes,
  cosignVuln,
  envelope,
  statement,
  trivyReport,
  vulns,
} from "../core/gates/fixtures.js";
import type { Vuln } from "../core/gates/fixtures.js";
import { ecdsaKey } from "../core/signatures/cosign-fixtures.js";
import { FakeRegistry } from "../registry/harness/fake-registry.js";
import { blob, buildImage } from "../registry/harness/oci-layout.js";
import { classicImage } from "../registry/harness/signatures.js";

const VULN = "https://cosign.sigstore.dev/attestation/vuln/v1";

/**
 * An in-memory OCI registry (the registry tests' FakeRegistry) holding `acme/api` images with
 * cosign vulnerability attestations signed by the tests' CI key, as `cosign attest --type vuln`
 * stores them (`sha256-<hex>.att`, one DSSE layer).
 */
export class GateRegistry {
  readonly key = ecdsaKey();
  readonly digests = new Map<string, string>();
  private constructor(readonly fake: FakeRegistry) {}

  static async start(): Promise<GateRegistry> {
    return new GateRegistry(await new FakeRegistry().start());
  }

  /** `127.0.0.1:<port>/acme/api` */
  get image(): string {
    return `${this.fake.host}/acme/api`;
  }

  /** Pushes the image for `tag` (its own content) and, with `counts`, a vulnerability report. */
  push(tag: string, counts?: Partial<Record<Vuln["severity"], number>>): string {
    const img = buildImage({ content: `acme-api-${tag}` });
    this.fake.putBlobs("acme/api", img.blobs);
    this.fake.putManifest("acme/api", [tag], img.manifest);
    this.digests.set(tag, img.manifest.digest);
    if (counts) this.attest(tag, counts);
    return img.manifest.digest;
  }

  /** Attaches (or replaces, as a new scan would) the signed vulnerability report of `tag`. */
  attest(tag: string, counts: Partial<Record<Vuln["severity"], number>>): void {
    const digest = this.digests.get(tag) ?? "";
    const stmt = statement(digest, VULN, cosignVuln(trivyReport(vulns(counts))));
    const att = classicImage([
      {
        blob: blob(DSSE_ENVELOPE_MEDIA_TYPE, bytes(envelope(this.key, stmt))),
        annotations: { "dev.cosignproject.cosign/signature": "", predicateType: VULN },
      },
    ]);
    this.fake.putBlobs("acme/api", att.blobs);
    this.fake.putManifest("acme/api", [`${digest.replace(":", "-")}.att`], att.manifest);
  }

  /** A registry client; tags are not cached, so a replaced attestation is seen at once. */
  client(): Registry {
    return createRegistryClient({
      credentials: createCredentialStore({}, []),
      clock: systemClock,
      insecureHosts: [this.fake.host],
      ttlMs: 0,
    });
  }

  close(): Promise<void> {
    return this.fake.close();
  }
}
