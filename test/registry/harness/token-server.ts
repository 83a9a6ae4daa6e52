import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import http from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import { importPKCS8, SignJWT } from "jose";

/** A Docker token service (the protocol GHCR, Docker Hub, Quay and Harbor speak), for tests. */
export interface TokenServer {
  url: string;
  service: string;
  issuer: string;
  certFile: string;
  /** Every request received: method, query scope, who asked. */
  requests: { method: string; scope: string[]; as: string }[];
  /** OAuth2 refresh tokens the server accepts (`identitytoken` in config.json). */
  refreshTokens: Map<string, string>;
  /** Lifetime of issued tokens, seconds. */
  expiresIn: number;
  close(): Promise<void>;
}

const run = promisify(execFile);

export async function startTokenServer(options: {
  dir: string;
  users: Record<string, string>;
  publicPrefix: string;
}): Promise<TokenServer> {
  const keyFile = join(options.dir, "token.key");
  const certFile = join(options.dir, "token.crt");
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    keyFile,
    "-out",
    certFile,
    "-days",
    "2",
    "-subj",
    "/CN=bumpwarden-test-token-issuer",
  ]);
  const key = await importPKCS8(await readFile(keyFile, "utf8"), "RS256");
  const certDer = Buffer.from(
    (await readFile(certFile, "utf8")).replace(/-----[A-Z ]+-----|\s/g, ""),
    "base64",
  ).toString("base64");
  const service = "bumpwarden-test-registry";
  const issuer = "bumpwarden-test-issuer";
  const state: Omit<TokenServer, "close" | "url"> = {
    service,
    issuer,
    certFile,
    requests: [],
    refreshTokens: new Map(),
    expiresIn: 300,
  };

  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", "http://x");
        const form = new URLSearchParams(req.method === "POST" ? body : "");
        const scopes =
          req.method === "POST"
            ? (form.get("scope") ?? "").split(" ").filter(Boolean)
            : url.searchParams.getAll("scope");
        let who: string | null = null;
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
        if (basic) {
          const [u, ...p] = Buffer.from(basic[1] ?? "", "base64")
            .toString()
            .split(":");
          if (u === undefined || options.users[u] !== p.join(":"))
            return deny(res, state, req.method ?? "", scopes, `bad-password:${u}`);
          who = u;
        } else if (req.method === "POST") {
          const refresh = state.refreshTokens.get(form.get("refresh_token") ?? "");
          if (form.get("grant_type") !== "refresh_token" || !refresh)
            return deny(res, state, "POST", scopes, "bad-refresh-token");
          who = refresh;
        }
        state.requests.push({ method: req.method ?? "", scope: scopes, as: who ?? "anonymous" });
        const access = scopes.flatMap((s) => {
          const [type, name, actions] = s.split(":");
          if (type !== "repository" || !name) return [];
          const allowed = who
            ? (actions ?? "").split(",")
            : name.startsWith(options.publicPrefix)
              ? ["pull"]
              : [];
          return allowed.length ? [{ type, name, actions: allowed }] : [];
        });
        const now = Math.floor(Date.now() / 1000);
        const jwt = await new SignJWT({ access })
          .setProtectedHeader({ alg: "RS256", x5c: [certDer] })
          .setIssuer(issuer)
          .setAudience(service)
          .setSubject(who ?? "")
          .setIssuedAt(now)
          .setNotBefore(now - 10)
          .setExpirationTime(now + state.expiresIn)
          .setJti(`${now}-${state.requests.length}`)
          .sign(key);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify(
            req.method === "POST"
              ? { access_token: jwt, expires_in: state.expiresIn }
              : { token: jwt, expires_in: state.expiresIn },
          ),
        );
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}

function deny(
  res: http.ServerResponse,
  state: Pick<TokenServer, "requests">,
  method: string,
  scope: string[],
  as: string,
): void {
  state.requests.push({ method, scope, as });
  res.writeHead(401, { "content-type": "application/json" });
  res.end(
    JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }),
  );
}
