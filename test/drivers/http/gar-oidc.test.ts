import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OidcSettings } from "../../../src/drivers/http/oidc.js";
import { createOidcVerifier } from "../../../src/drivers/http/oidc.js";
import {
  corpusBytes,
  endpointConfig,
  endpointSources,
  garClaims,
  garJwks,
  garNow,
  garToken,
} from "./fixtures.js";
import { post, startIngestServer } from "./ingest-server.js";

const settings: OidcSettings = {
  audience: String(garClaims.aud),
  email: String(garClaims.email),
  issuers: ["https://accounts.google.com", "accounts.google.com"],
  maxTokenAgeSeconds: 3_900,
  clockToleranceSeconds: 30,
  keys: { jwks: garJwks },
};
const verify = createOidcVerifier(settings);
const bearer = (token: string) => `Bearer ${token}`;

describe("Pub/Sub push OIDC verification", () => {
  it("accepts the corpus claims signed by the configured key", async () => {
    const verdict = await verify(bearer(await garToken()), garNow);
    expect(verdict).toMatchObject({
      ok: true,
      value: { email: garClaims.email, aud: garClaims.aud },
    });
  });

  it.each([
    [
      "a replayed token after it expired",
      {},
      new Date((garClaims.exp + 3_600) * 1000),
      "ERR_JWT_EXPIRED",
    ],
    [
      "an old token whose exp was stretched",
      { iat: garClaims.iat - 86_400, exp: garClaims.exp + 86_400 },
      garNow,
      "ERR_JWT_EXPIRED",
    ],
    [
      "another audience",
      { aud: "https://evil.example.com/hooks/gar" },
      garNow,
      "ERR_JWT_CLAIM_VALIDATION_FAILED",
    ],
    [
      "another issuer",
      { iss: "https://evil.example.com" },
      garNow,
      "ERR_JWT_CLAIM_VALIDATION_FAILED",
    ],
    [
      "a token from the future",
      { iat: garClaims.iat + 3_600, exp: garClaims.exp + 3_600 },
      garNow,
      "ERR_JWT_CLAIM_VALIDATION_FAILED",
    ],
  ])("refuses %s", async (_what, claims, now, code) => {
    const verdict = await verify(bearer(await garToken(claims)), now);
    expect(verdict).toEqual({
      ok: false,
      error: { status: 401, reason: `token refused: ${code}` },
    });
  });

  it.each([
    [
      "another service account",
      { email: "mallory@evil.iam.gserviceaccount.com" },
      "token is for another service account",
    ],
    ["an unverified email", { email_verified: false }, "token's email is not verified"],
  ])("refuses %s", async (_what, claims, reason) => {
    expect(await verify(bearer(await garToken(claims)), garNow)).toEqual({
      ok: false,
      error: { status: 401, reason },
    });
  });

  it("refuses a token signed by another key, an unsigned token, an HS256 token and a missing header", async () => {
    const stranger = await verify(bearer(await garToken({}, "stranger")), garNow);
    const unsigned = await verify(bearer(new UnsecuredJWT(garClaims).encode()), garNow);
    const hs256 = await new SignJWT(garClaims)
      .setProtectedHeader({ alg: "HS256", kid: "test-key" })
      .sign(new TextEncoder().encode("k".repeat(32)));
    for (const verdict of [
      stranger,
      unsigned,
      await verify(bearer(hs256), garNow),
      await verify(undefined, garNow),
    ]) {
      expect(verdict.ok).toBe(false);
    }
  });

  describe("with keys from a JWKS URL", () => {
    let url = "";
    let served = 0;
    const server = createServer((_req, res) => {
      served++;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(garJwks));
    });
    beforeAll(async () => {
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it("fetches the keys once and reuses them", async () => {
      const remote = createOidcVerifier({ ...settings, keys: { url } });
      expect((await remote(bearer(await garToken()), garNow)).ok).toBe(true);
      expect((await remote(bearer(await garToken()), garNow)).ok).toBe(true);
      expect(served).toBe(1);
    });

    it("answers 503 (retry later) when the keys cannot be fetched", async () => {
      const down = createOidcVerifier({ ...settings, keys: { url: "http://127.0.0.1:9/certs" } });
      expect(await down(bearer(await garToken()), garNow)).toMatchObject({
        ok: false,
        error: { status: 503 },
      });
    });
  });
});

describe("GAR route", () => {
  it("refuses a replayed expired token with 401 and enqueues nothing", async () => {
    const later = new Date((garClaims.exp + 60) * 1000);
    const server = await startIngestServer(endpointConfig, {
      now: () => later,
      sources: endpointSources,
    });
    try {
      const reply = await post(`${server.url}/hooks/gar`, corpusBytes("gar"), {
        "Content-Type": "application/json",
        Authorization: bearer(await garToken()),
      });
      expect(reply).toEqual({ status: 401, body: { error: "token refused: ERR_JWT_EXPIRED" } });
      expect((await server.queue.stats()).waiting).toBe(0);
    } finally {
      await server.close();
    }
  });
});
