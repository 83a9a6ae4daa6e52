import { createHash, createHmac, generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { exportJWK, SignJWT } from "jose";
import type { JWK } from "jose";
import { corpusUrl } from "../../harness/corpus.js";

export const corpusDir = corpusUrl("registry-webhooks/");
export const corpusBytes = (name: string) => readFileSync(new URL(`${name}.json`, corpusDir));
export const corpusHeaders = (name: string) =>
  JSON.parse(readFileSync(new URL(`${name}.headers.json`, corpusDir), "utf8")) as Record<
    string,
    string
  >;
export const corpusJson = (name: string) =>
  JSON.parse(corpusBytes(name).toString("utf8")) as unknown;

export const webhookSecret = "example-webhook-secret";
export const hubToken = "hub0123456789abcdef0123456789abcdef";
export const hubTokenNext = "hubNEXT456789abcdef0123456789abcdef";
export const quayToken = "quay0123456789abcdef0123456789abcdef";
export const ecrKey = "ecr-api-key-0123456789";
export const garClaims = JSON.parse(
  readFileSync(new URL("gar.oidc-claims.json", corpusDir), "utf8"),
) as Record<string, unknown> & { iat: number; exp: number };

const keyPair = generateKeyPairSync("rsa", { modulusLength: 2048 });
const otherKeyPair = generateKeyPairSync("rsa", { modulusLength: 2048 });
export const garJwks: { keys: JWK[] } = {
  keys: [{ ...(await exportJWK(keyPair.publicKey)), kid: "test-key", alg: "RS256", use: "sig" }],
};

/** A Pub/Sub-style ID token with the corpus claims (overridable), signed by the test key (or a stranger's). */
export function garToken(
  claims: Record<string, unknown> = {},
  signer: "ours" | "stranger" = "ours",
): Promise<string> {
  return new SignJWT({ ...garClaims, ...claims })
    .setProtectedHeader({ alg: "RS256", kid: "test-key", typ: "JWT" })
    .sign((signer === "ours" ? keyPair : otherKeyPair).privateKey);
}

/** The clock the GAR tests run at: ten seconds after the corpus token was issued. */
export const garNow = new Date((garClaims.iat + 10) * 1000);

export const hmacHex = (
  algorithm: "sha1" | "sha256",
  body: Buffer | string,
  secret = webhookSecret,
) => createHmac(algorithm, secret).update(body).digest("hex");
export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

/** One endpoint per registry type, with the corpus credentials. */
export const endpointConfig = [
  { id: "hub", type: "dockerhub", pathTokens: [hubToken, hubTokenNext] },
  { id: "quay", type: "quay", pathTokens: [{ sha256: sha256Hex(quayToken) }] },
  { id: "harbor", type: "harbor", secrets: ["Bearer example-harbor-auth-header-value"] },
  {
    id: "acr",
    type: "acr",
    secrets: ["Bearer example-acr-custom-header-value", "Bearer rotated-acr-value"],
  },
  {
    id: "gar",
    type: "gar",
    oidc: {
      audience: garClaims.aud,
      email: garClaims.email,
      jwksFile: "/etc/bumpwarden/gar-jwks.json",
    },
  },
  { id: "dist", type: "distribution", secrets: ["Bearer example-distribution-static-token"] },
  { id: "jfrog", type: "jfrog", secrets: ["example-jfrog-secret-token"] },
  {
    id: "nexus",
    type: "nexus",
    secrets: ["old-nexus-secret", { env: "NEXUS_SECRET" }],
    registry: "nexus.example.com:8082",
  },
  { id: "generic", type: "generic", secrets: [webhookSecret] },
  {
    id: "ecr",
    type: "ecr",
    secrets: [ecrKey],
    basic: { username: "eventbridge", passwords: ["ecr-basic-password"] },
  },
];

export const endpointSources = {
  env: { NEXUS_SECRET: webhookSecret },
  readFile: (path: string) => {
    if (path === "/etc/bumpwarden/gar-jwks.json") return JSON.stringify(garJwks);
    throw new Error(`unexpected read of ${path}`);
  },
};
