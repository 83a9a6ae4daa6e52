import { createHmac, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import type { EmitterWebhookEvent, EmitterWebhookEventName } from "@octokit/webhooks";
import { TEST_APP_ID } from "./octokit.js";

/** Event names without an action: `pull_request`, `registry_package`, ... */
export type EventName = Exclude<EmitterWebhookEventName, `${string}.${string}`>;
/** The actions `@octokit/webhooks` knows for an event: `published`, `updated`, ... */
export type ActionOf<E extends EventName> = EmitterWebhookEventName extends infer N
  ? N extends `${E}.${infer A}`
    ? A
    : never
  : never;
type Full<E extends EventName, A extends string> = Extract<`${E}.${A}`, EmitterWebhookEventName>;
export type ExamplePayload<E extends EventName, A extends string = never> = [A] extends [never]
  ? EmitterWebhookEvent<E>["payload"]
  : EmitterWebhookEvent<Full<E, A>>["payload"];

interface Definition {
  name: string;
  examples: Record<string, unknown>[];
}

/**
 * Events GitHub sends with the same payload as another event under a different key.
 * `@octokit/webhooks-examples` has no `registry_package` example; GitHub sends `registry_package`
 * alongside `package` for one publish, with the payload's `package` object under `registry_package`.
 */
const DERIVED: Record<string, { from: string; key: string; as: string }> = {
  registry_package: { from: "package", key: "package", as: "registry_package" },
};

let definitions: Definition[] | undefined;
/** Which event an example payload came from, so `signedDelivery` can name it. */
const eventOf = new WeakMap<object, string>();

function examplesOf(event: string): Record<string, unknown>[] {
  definitions ??= createRequire(import.meta.url)("@octokit/webhooks-examples") as Definition[];
  const derived = DERIVED[event];
  if (derived) {
    return examplesOf(derived.from).map((example) => {
      const { [derived.key]: moved, ...rest } = example;
      return { ...rest, [derived.as]: moved };
    });
  }
  return definitions.find((d) => d.name === event)?.examples ?? [];
}

/**
 * A deep copy of a real payload from `@octokit/webhooks-examples` (the first example of that
 * event and action, or the first one `where` accepts), typed as `@octokit/webhooks` types it.
 */
export function webhookExample<E extends EventName>(event: E): ExamplePayload<E>;
export function webhookExample<E extends EventName, A extends ActionOf<E>>(
  event: E,
  action: A,
  where?: (payload: ExamplePayload<E, A>) => boolean,
): ExamplePayload<E, A>;
export function webhookExample(
  event: string,
  action?: string,
  where?: (payload: never) => boolean,
): unknown {
  return pick(event, action, where);
}

function pick(event: string, action?: string, where?: (payload: never) => boolean): object {
  const all = examplesOf(event);
  const matching = all.filter((e) => action === undefined || e.action === action);
  const found = matching.find((e) => where?.(structuredClone(e) as never) ?? true);
  if (!found) {
    const actions = [...new Set(all.map((e) => String(e.action)))].join(", ") || "none";
    const wanted = `${event}${action ? `.${action}` : ""}${where ? " matching the filter" : ""}`;
    throw new Error(`@octokit/webhooks-examples has no ${wanted} example (actions: ${actions})`);
  }
  const payload = structuredClone(found);
  eventOf.set(payload, event);
  return payload;
}

/** `webhookExample` wrapped as the event `probot.receive()` takes, with a fresh delivery id. */
export function webhookEvent<E extends EventName, A extends ActionOf<E>>(
  event: E,
  action: A,
  where?: (payload: ExamplePayload<E, A>) => boolean,
): EmitterWebhookEvent<Full<E, A>> {
  const payload = pick(event, action, where as ((payload: never) => boolean) | undefined);
  const delivery: unknown = { id: randomUUID(), name: event, payload };
  return delivery as EmitterWebhookEvent<Full<E, A>>;
}

export interface SignedDelivery {
  /** The exact bytes to send. */
  body: string;
  /** Lower-case header names, as GitHub sends them. */
  headers: Record<string, string>;
  id: string;
}

/**
 * A webhook delivery as GitHub makes it: the raw body and its headers, signed with `secret`
 * (`x-hub-signature-256: sha256=<HMAC-SHA256 of the body>`). `payload` is an object (serialized
 * here) or the exact body text. The event name is `options.event`, or the event a
 * `webhookExample` payload came from.
 */
export function signedDelivery(
  payload: object | string,
  secret: string,
  options: { event?: string; id?: string } = {},
): SignedDelivery {
  const event = options.event ?? (typeof payload === "object" ? eventOf.get(payload) : undefined);
  if (!event) throw new Error("signedDelivery: name the event (options.event) for this payload");
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const id = options.id ?? randomUUID();
  const signature = createHmac("sha256", secret).update(body, "utf8").digest("hex");
  return {
    body,
    id,
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/bumpwarden-test",
      "x-github-event": event,
      "x-github-delivery": id,
      "x-github-hook-id": "1",
      "x-github-hook-installation-target-type": "integration",
      "x-github-hook-installation-target-id": String(TEST_APP_ID),
      "x-hub-signature-256": `sha256=${signature}`,
    },
  };
}
