import type { IncomingMessage, ServerResponse } from "node:http";
import type { Probot } from "probot";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * Probot's setup page registers the app with `<base>/` as its webhook URL (the manifest's
 * `hook_attributes.url` when no smee channel is set), while deliveries are served at Probot's
 * webhook path. A GitHub delivery (`POST /` with `X-GitHub-Event`) is handed to that route, with
 * the same signature check, so an app registered from the setup page works as registered.
 */
export function rootWebhookAlias(app: Probot): Handler {
  let middleware: ReturnType<Probot["getNodeMiddleware"]> | undefined;
  return async (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "POST" || path !== "/" || req.headers["x-github-event"] === undefined)
      return false;
    req.url = app.webhookPath;
    middleware ??= app.getNodeMiddleware();
    return (await middleware)(req, res);
  };
}
