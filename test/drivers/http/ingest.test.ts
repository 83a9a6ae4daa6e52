import { describe, expect, it } from "vitest";
import { silentLog } from "../../../src/adapters/queue/log.js";
import { MemoryQueue } from "../../../src/adapters/queue/memory-queue.js";
import { createIngest } from "../../../src/drivers/http/ingest.js";
import { readSettings } from "../../../src/drivers/settings.js";

const deps = (files: Record<string, string> = {}) => ({
  env: {},
  readFile: (path: string) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    return text;
  },
  log: silentLog,
  handleSignals: false,
});

describe("createIngest", () => {
  it("reads endpoints inline or from a file, and uses the in-memory queue without REDIS_URL", async () => {
    const list = JSON.stringify([{ id: "harbor", type: "harbor", secrets: ["Bearer t"] }]);
    const inline = createIngest(readSettings({ BUMPWARDEN_REGISTRY_ENDPOINTS: list }), deps());
    const fromFile = createIngest(
      readSettings({ BUMPWARDEN_REGISTRY_ENDPOINTS_FILE: "/etc/bw.json" }),
      deps({ "/etc/bw.json": list }),
    );
    expect(inline.endpoints.map((e) => e.id)).toEqual(["harbor"]);
    expect(fromFile.endpoints.map((e) => e.id)).toEqual(["harbor"]);
    expect(inline.queue).toBeInstanceOf(MemoryQueue);
    await inline.queue.close();
    await fromFile.queue.close();
  });

  it("runs with no endpoints configured", async () => {
    const ingest = createIngest(readSettings({}), deps());
    expect(ingest.endpoints).toEqual([]);
    await ingest.queue.close();
  });

  it.each([
    [
      { BUMPWARDEN_REGISTRY_ENDPOINTS: "[", BUMPWARDEN_REGISTRY_ENDPOINTS_FILE: "/x" },
      "set BUMPWARDEN_REGISTRY_ENDPOINTS or BUMPWARDEN_REGISTRY_ENDPOINTS_FILE, not both",
    ],
    [{ BUMPWARDEN_REGISTRY_ENDPOINTS: "[" }, /^BUMPWARDEN_REGISTRY_ENDPOINTS is not valid JSON: /],
    [
      { BUMPWARDEN_REGISTRY_ENDPOINTS: '[{"id":"a","type":"harbor"}]' },
      "BUMPWARDEN_REGISTRY_ENDPOINTS: registry endpoints: 0: set `secrets`, `pathTokens` or (ecr) `basic`",
    ],
  ])("refuses bad settings with a message naming the variable: %j", (env, message) => {
    expect(() => createIngest(readSettings(env), deps())).toThrow(message);
  });
});
