import { execFileSync, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import bcrypt from "bcryptjs";
import type { ServiceCheck } from "../../harness/services.js";
import { startTokenServer } from "./token-server.js";
import type { TokenServer } from "./token-server.js";

export const REGISTRY_BIN = process.env.BUMPWARDEN_REGISTRY_BIN ?? "/usr/bin/docker-registry";
export const SKOPEO_BIN = process.env.BUMPWARDEN_SKOPEO_BIN ?? "/usr/bin/skopeo";

/** Debian's `docker-registry` (CNCF distribution 2.8) and skopeo, both needed by these tests. */
export function registryCheck(): ServiceCheck {
  if (!existsSync(REGISTRY_BIN))
    return {
      available: false,
      reason: `${REGISTRY_BIN} is missing (apt-get install docker-registry); registry tests skipped`,
    };
  if (!existsSync(SKOPEO_BIN))
    return {
      available: false,
      reason: `${SKOPEO_BIN} is missing (apt-get install skopeo); registry tests skipped`,
    };
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
  } catch {
    return {
      available: false,
      reason:
        "openssl is missing (it makes the token service's certificate); registry tests skipped",
    };
  }
  return { available: true, reason: "" };
}

export interface TestRegistry {
  /** `127.0.0.1:<port>`: the host part of repository names. */
  host: string;
  url: string;
  user: { username: string; password: string };
  token?: TokenServer;
  storage: string;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  auth: "none" | "htpasswd" | "token";
  /** Token auth: repositories under this prefix may be pulled anonymously. */
  publicPrefix?: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Starts a real registry on a free loopback port with its own storage; `stop()` removes both. */
export async function startRegistry(options: RegistryOptions): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), "bumpwarden-registry-"));
  const port = await freePort();
  const user = { username: "ci-bot", password: "s3cret-pass" };
  let authBlock = "";
  let token: TokenServer | undefined;
  if (options.auth === "htpasswd") {
    await writeFile(
      join(dir, "htpasswd"),
      `${user.username}:${bcrypt.hashSync(user.password, 4)}\n`,
    );
    authBlock = `auth:\n  htpasswd:\n    realm: bumpwarden-test\n    path: ${join(dir, "htpasswd")}\n`;
  } else if (options.auth === "token") {
    token = await startTokenServer({
      dir,
      users: { [user.username]: user.password },
      publicPrefix: options.publicPrefix ?? "public/",
    });
    authBlock =
      `auth:\n  token:\n    realm: ${token.url}/token\n    service: ${token.service}\n    issuer: ${token.issuer}\n` +
      `    rootcertbundle: ${token.certFile}\n`;
  }
  const config =
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, "data")}\n` +
    `  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n  secret: bumpwarden-test-secret\n${authBlock}`;
  await writeFile(join(dir, "config.yml"), config);
  const child = spawn(REGISTRY_BIN, ["serve", join(dir, "config.yml")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(url, child, () => stderr);
  return {
    host: `127.0.0.1:${port}`,
    url,
    user,
    ...(token ? { token } : {}),
    storage: dir,
    async stop() {
      await stopChild(child);
      await token?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null)
      throw new Error(`docker-registry exited (${child.exitCode}): ${log()}`);
    try {
      const res = await fetch(`${url}/v2/`);
      await res.body?.cancel();
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await stopChild(child);
  throw new Error(`docker-registry did not answer on ${url}: ${log()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 3000).unref();
  });
}
