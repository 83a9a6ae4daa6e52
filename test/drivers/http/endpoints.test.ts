import { describe, expect, it } from "vitest";
import { sha256 } from "../../../src/drivers/http/auth.js";
import { loadEndpoints } from "../../../src/drivers/http/endpoints.js";

const sources = {
  env: { HARBOR_TOKEN: "Bearer from-env" },
  readFile: (p: string) => (p === "/run/secrets/acr" ? "Bearer from-file\n" : ""),
};
const token = "0123456789abcdef0123456789abcdef";

describe("loadEndpoints", () => {
  it("resolves secrets from the value, the environment, a file, or a sha256 hash", () => {
    const loaded = loadEndpoints(
      [
        { id: "harbor", type: "harbor", secrets: [{ env: "HARBOR_TOKEN" }] },
        { id: "acr", type: "acr", secrets: [{ file: "/run/secrets/acr" }], header: "X-Acr-Token" },
        { id: "hub", type: "dockerhub", pathTokens: [{ sha256: sha256(token).toString("hex") }] },
      ],
      sources,
    );
    if (!loaded.ok) throw new Error(loaded.error);
    const [harbor, acr, hub] = loaded.value;
    expect(harbor?.auth).toEqual([
      { kind: "token", header: "authorization", hashes: [sha256("Bearer from-env")] },
    ]);
    expect(acr?.auth).toEqual([
      { kind: "token", header: "x-acr-token", hashes: [sha256("Bearer from-file")] },
    ]);
    expect(hub?.pathTokenHashes).toEqual([sha256(token)]);
  });

  it.each([
    [
      [{ id: "hub", type: "dockerhub" }],
      "registry endpoints: 0: dockerhub sends no credentials: set `pathTokens` (a secret URL segment)",
    ],
    [
      [{ id: "hub", type: "dockerhub", secrets: ["x"] }],
      "registry endpoints: 0: dockerhub sends no credentials: use `pathTokens`, not `secrets`",
    ],
    [
      [{ id: "hub", type: "dockerhub", pathTokens: ["short"] }],
      "registry endpoints: 0 (hub): path tokens must be at least 24 URL-safe characters (e.g. `openssl rand -hex 24`)",
    ],
    [
      [{ id: "harbor", type: "harbor" }],
      "registry endpoints: 0: set `secrets`, `pathTokens` or (ecr) `basic`",
    ],
    [
      [{ id: "n", type: "nexus", secrets: [{ sha256: "a".repeat(64) }] }],
      "registry endpoints: 0: nexus signs bodies with HMAC: its secrets cannot be given as sha256 hashes",
    ],
    [
      [{ id: "g", type: "gar" }],
      "registry endpoints: 0: gar endpoints verify the Pub/Sub OIDC token: set `oidc`",
    ],
    [
      [{ id: "a", type: "acr", secrets: ["1", "2", "3"] }],
      "registry endpoints: 0.secrets: Too big: expected array to have <=2 items",
    ],
    [
      [{ id: "Bad_Id", type: "acr", secrets: ["1"] }],
      "registry endpoints: 0.id: must be lower-case letters, digits and dashes",
    ],
    [
      [{ id: "x", type: "gitlab", secrets: ["1"] }],
      expect.stringContaining("registry endpoints: 0.type:"),
    ],
    [
      [{ id: "x", type: "acr", secrets: ["1"], extra: true }],
      expect.stringContaining("registry endpoints: 0:"),
    ],
    [
      [
        { id: "x", type: "acr", secrets: ["1"] },
        { id: "x", type: "harbor", secrets: ["1"] },
      ],
      'registry endpoints: 1.id: duplicate endpoint id "x"',
    ],
    [
      [{ id: "h", type: "harbor", secrets: [{ env: "MISSING" }] }],
      "registry endpoints: 0 (h): environment variable MISSING is not set",
    ],
  ])("refuses %j", (config, message) => {
    expect(loadEndpoints(config, sources)).toEqual({ ok: false, error: message });
  });
});
