import { execFile } from "node:child_process";
import { createHash, createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { pae, signStatement } from "./cosign-fixtures.js";

const run = promisify(execFile);

/**
 * A private Sigstore made for the test: a Fulcio-like CA (openssl), a Rekor-like log key, a
 * trusted_root.json naming both, and keyless bundles (v0.3, DSSE) whose tlog entry carries a signed
 * entry timestamp and an inclusion proof in a one-leaf tree with a signed checkpoint.
 */
export interface PrivateSigstore {
  trustedRoot: Record<string, unknown>;
  /** Issues a short-lived signing certificate for `identity` from `issuer` and signs a statement about `digest`. */
  keylessBundle(opts: {
    identity: string;
    issuer: string;
    digest: string;
    name?: string;
    tamperSet?: boolean;
    /** The in-toto statement to sign (default: cosign 3's signature statement for `digest`). */
    statement?: Uint8Array;
  }): Promise<Record<string, unknown>>;
  /**
   * cosign's classic keyless `.sig` layer for a simple-signing payload: the signature, the
   * certificate and chain annotations, and the Rekor bundle annotation (hashedrekord entry with a
   * signed entry timestamp), as `cosign sign` 2 wrote them.
   */
  classicKeyless(opts: {
    identity: string;
    issuer: string;
    payload: Uint8Array;
    tamperSet?: boolean;
  }): Promise<{ signature: string; annotations: Record<string, string> }>;
  /** cosign 2's key-signed classic `.att` layer, with its Rekor `intoto` entry. */
  keyedClassicAttestation(opts: { key: KeyObject; statement: Uint8Array }): {
    envelope: Record<string, unknown>;
    annotations: Record<string, string>;
  };
  /** A key-signed (cosign 3) bundle over `statement`, logged like a keyless one (or not at all). */
  keyedBundle(opts: {
    key: KeyObject;
    statement: Uint8Array;
    tamperSet?: boolean;
    logged?: boolean;
  }): Record<string, unknown>;
  /** cosign 2's key-signed classic `.sig` layer annotations: signature and Rekor bundle. */
  keyedClassic(opts: {
    key: KeyObject;
    payload: Uint8Array;
    tamperSet?: boolean;
  }): Record<string, string>;
  /** cosign 2's classic keyless `.att` layer: a DSSE envelope, logged as an `intoto` 0.0.2 entry. */
  classicKeylessAttestation(opts: {
    identity: string;
    issuer: string;
    statement: Uint8Array;
  }): Promise<{ envelope: Record<string, unknown>; annotations: Record<string, string> }>;
  cleanup(): Promise<void>;
}

const der = (pem: string): Buffer =>
  Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ""), "base64");
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(",")}]`
    : v !== null && typeof v === "object"
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(",")}}`
      : JSON.stringify(v);

export async function privateSigstore(): Promise<PrivateSigstore> {
  const dir = await mkdtemp(join(tmpdir(), "bumpwarden-sigstore-"));
  const ossl = (...args: string[]) => run("openssl", args, { cwd: dir });
  await ossl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key");
  await writeFile(
    join(dir, "ca.cnf"),
    "[req]\ndistinguished_name=dn\n[dn]\n[v3_ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n",
  );
  await ossl(
    "req",
    "-x509",
    "-new",
    "-key",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "2",
    "-subj",
    "/O=bumpwarden-test/CN=test-fulcio",
    "-config",
    "ca.cnf",
    "-extensions",
    "v3_ca",
  );
  const caDer = der(await readFile(join(dir, "ca.crt"), "utf8"));
  const rekor = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const rekorDer = rekor.publicKey.export({ type: "spki", format: "der" });
  const logId = createHash("sha256").update(rekorDer).digest();
  const trustedRoot = {
    mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
    tlogs: [
      {
        baseUrl: "https://rekor.bumpwarden.test",
        hashAlgorithm: "SHA2_256",
        publicKey: {
          rawBytes: rekorDer.toString("base64"),
          keyDetails: "PKIX_ECDSA_P256_SHA_256",
          validFor: { start: "2020-01-01T00:00:00Z" },
        },
        logId: { keyId: logId.toString("base64") },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: "bumpwarden-test", commonName: "test-fulcio" },
        uri: "https://fulcio.bumpwarden.test",
        certChain: { certificates: [{ rawBytes: caDer.toString("base64") }] },
        validFor: { start: "2020-01-01T00:00:00Z" },
      },
    ],
    ctlogs: [],
    timestampAuthorities: [],
  };
  let serial = 0;

  async function leaf(
    identity: string,
    issuer: string,
  ): Promise<{ key: KeyObject; pem: string; der: Buffer }> {
    const n = ++serial;
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    await writeFile(join(dir, `leaf${n}.key`), privateKey.export({ type: "pkcs8", format: "pem" }));
    const san =
      identity.includes("@") && !identity.includes("://") ? `email:${identity}` : `URI:${identity}`;
    await writeFile(
      join(dir, `leaf${n}.cnf`),
      `[v3_leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\nsubjectAltName=critical,${san}\n1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:${issuer}\n`,
    );
    await ossl(
      "req",
      "-new",
      "-key",
      `leaf${n}.key`,
      "-subj",
      "/",
      "-out",
      `leaf${n}.csr`,
      "-config",
      "ca.cnf",
    );
    await ossl(
      "x509",
      "-req",
      "-in",
      `leaf${n}.csr`,
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "1",
      "-extfile",
      `leaf${n}.cnf`,
      "-extensions",
      "v3_leaf",
      "-out",
      `leaf${n}.crt`,
    );
    const pem = await readFile(join(dir, `leaf${n}.crt`), "utf8");
    return { key: privateKey, pem, der: der(pem) };
  }

  /** A DSSE envelope over `statement` and its Rekor `intoto` 0.0.2 entry body (base64). */
  function loggedEnvelope(
    key: KeyObject,
    signerPem: string,
    statement: Uint8Array,
  ): { envelope: Record<string, unknown>; body: string } {
    const type = "application/vnd.in-toto+json";
    const sig = sign("sha256", pae(type, statement), key).toString("base64");
    const envelope = {
      payloadType: type,
      payload: Buffer.from(statement).toString("base64"),
      signatures: [{ keyid: "", sig }],
    };
    const body = Buffer.from(
      canonical({
        apiVersion: "0.0.2",
        kind: "intoto",
        spec: {
          content: {
            envelope: {
              payloadType: type,
              // Rekor's intoto 0.0.2 entries hold the signature base64-encoded twice.
              signatures: [
                {
                  sig: Buffer.from(sig).toString("base64"),
                  publicKey: Buffer.from(signerPem).toString("base64"),
                },
              ],
            },
            hash: {
              algorithm: "sha256",
              value: createHash("sha256").update(JSON.stringify(envelope)).digest("hex"),
            },
            payloadHash: {
              algorithm: "sha256",
              value: createHash("sha256").update(statement).digest("hex"),
            },
          },
        },
      }),
    ).toString("base64");
    return { envelope, body };
  }

  /** The Rekor bundle annotation cosign 2 writes on a classic layer: the entry and its SET. */
  function rekorAnnotation(body: string, tamperSet: boolean): string {
    const entry = {
      body,
      integratedTime: Math.floor(Date.now() / 1000),
      logIndex: 7,
      logID: logId.toString("hex"),
    };
    const set = sign("sha256", Buffer.from(canonical(entry)), rekor.privateKey);
    if (tamperSet) set[set.length - 1] = (set.at(-1) ?? 0) ^ 0xff;
    return JSON.stringify({ SignedEntryTimestamp: set.toString("base64"), Payload: entry });
  }

  function hashedrekordBody(payload: Uint8Array, sig: string, signerPem: string): string {
    return Buffer.from(
      canonical({
        apiVersion: "0.0.1",
        kind: "hashedrekord",
        spec: {
          data: {
            hash: {
              algorithm: "sha256",
              value: createHash("sha256").update(payload).digest("hex"),
            },
          },
          signature: {
            content: sig,
            publicKey: { content: Buffer.from(signerPem).toString("base64") },
          },
        },
      }),
    ).toString("base64");
  }

  /** A v0.3 bundle: DSSE over `statement`, logged as a `dsse` entry with SET and inclusion proof. */
  function dsseLogged(
    key: KeyObject,
    signerPem: string,
    statement: Buffer,
    tamperSet: boolean,
    signer: Record<string, unknown>,
  ): Record<string, unknown> {
    const type = "application/vnd.in-toto+json";
    const sig = sign("sha256", pae(type, statement), key);
    const envelope = {
      payload: statement.toString("base64"),
      payloadType: type,
      signatures: [{ sig: sig.toString("base64"), keyid: "" }],
    };
    const body = Buffer.from(
      canonical({
        apiVersion: "0.0.1",
        kind: "dsse",
        spec: {
          envelopeHash: {
            algorithm: "sha256",
            value: createHash("sha256").update(JSON.stringify(envelope)).digest("hex"),
          },
          payloadHash: {
            algorithm: "sha256",
            value: createHash("sha256").update(statement).digest("hex"),
          },
          signatures: [
            {
              signature: sig.toString("base64"),
              verifier: Buffer.from(signerPem).toString("base64"),
            },
          ],
        },
      }),
    );
    const integratedTime = Math.floor(Date.now() / 1000);
    const set = sign(
      "sha256",
      Buffer.from(
        canonical({
          body: body.toString("base64"),
          integratedTime,
          logIndex: 0,
          logID: logId.toString("hex"),
        }),
      ),
      rekor.privateKey,
    );
    if (tamperSet) set[set.length - 1] = (set.at(-1) ?? 0) ^ 0xff;
    const root = createHash("sha256")
      .update(Buffer.concat([Buffer.from([0]), body]))
      .digest();
    const note = `rekor.bumpwarden.test - 1\n1\n${root.toString("base64")}\n`;
    const noteSig = Buffer.concat([
      logId.subarray(0, 4),
      sign("sha256", Buffer.from(note), rekor.privateKey),
    ]);
    return {
      mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
      verificationMaterial: {
        ...signer,
        tlogEntries: [
          {
            logIndex: "0",
            logId: { keyId: logId.toString("base64") },
            kindVersion: { kind: "dsse", version: "0.0.1" },
            integratedTime: String(integratedTime),
            inclusionPromise: { signedEntryTimestamp: set.toString("base64") },
            inclusionProof: {
              logIndex: "0",
              rootHash: root.toString("base64"),
              treeSize: "1",
              hashes: [],
              checkpoint: {
                envelope: `${note}\n\u2014 rekor.bumpwarden.test ${noteSig.toString("base64")}\n`,
              },
            },
            canonicalizedBody: body.toString("base64"),
          },
        ],
        timestampVerificationData: { rfc3161Timestamps: [] },
      },
      dsseEnvelope: envelope,
    };
  }

  return {
    trustedRoot,
    async keylessBundle({
      identity,
      issuer,
      digest,
      name = "registry.test/acme/api",
      tamperSet = false,
      statement: signed,
    }) {
      const cert = await leaf(identity, issuer);
      const statement = Buffer.from(signed ?? signStatement(name, digest));
      return dsseLogged(cert.key, cert.pem, statement, tamperSet, {
        certificate: { rawBytes: cert.der.toString("base64") },
      });
    },
    keyedBundle({ key, statement, tamperSet = false, logged = true }) {
      const pem = createPublicKey(key).export({ type: "spki", format: "pem" }).toString();
      const b = dsseLogged(key, pem, Buffer.from(statement), tamperSet, {
        publicKey: { hint: "" },
      });
      if (!logged) (b.verificationMaterial as { tlogEntries: unknown[] }).tlogEntries = [];
      return b;
    },
    keyedClassic({ key, payload, tamperSet = false }) {
      const sig = sign("sha256", payload, key).toString("base64");
      const pem = createPublicKey(key).export({ type: "spki", format: "pem" }).toString();
      return {
        "dev.cosignproject.cosign/signature": sig,
        "dev.sigstore.cosign/bundle": rekorAnnotation(
          hashedrekordBody(payload, sig, pem),
          tamperSet,
        ),
      };
    },
    async classicKeyless({ identity, issuer, payload, tamperSet = false }) {
      const cert = await leaf(identity, issuer);
      const sig = sign("sha256", payload, cert.key).toString("base64");
      return {
        signature: sig,
        annotations: {
          "dev.cosignproject.cosign/signature": sig,
          "dev.sigstore.cosign/certificate": cert.pem,
          "dev.sigstore.cosign/chain": await readFile(join(dir, "ca.crt"), "utf8"),
          "dev.sigstore.cosign/bundle": rekorAnnotation(
            hashedrekordBody(payload, sig, cert.pem),
            tamperSet,
          ),
        },
      };
    },
    async classicKeylessAttestation({ identity, issuer, statement }) {
      const cert = await leaf(identity, issuer);
      const { envelope, body } = loggedEnvelope(cert.key, cert.pem, statement);
      return {
        envelope,
        annotations: {
          "dev.cosignproject.cosign/signature": "",
          "dev.sigstore.cosign/certificate": cert.pem,
          "dev.sigstore.cosign/chain": await readFile(join(dir, "ca.crt"), "utf8"),
          "dev.sigstore.cosign/bundle": rekorAnnotation(body, false),
        },
      };
    },
    keyedClassicAttestation({ key, statement }) {
      const pem = createPublicKey(key).export({ type: "spki", format: "pem" }).toString();
      const { envelope, body } = loggedEnvelope(key, pem, statement);
      return {
        envelope,
        annotations: {
          "dev.cosignproject.cosign/signature": "",
          "dev.sigstore.cosign/bundle": rekorAnnotation(body, false),
        },
      };
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
