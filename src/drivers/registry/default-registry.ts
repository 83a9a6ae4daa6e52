import { createRegistryClient } from "../../adapters/registry/client.js";
import { loadCredentialStore } from "../../adapters/registry/load-credentials.js";
import type { Metrics } from "../../adapters/metrics/index.js";
import { recordRegistryRateLimit } from "../../adapters/metrics/index.js";
import type { RequestEvent } from "../../adapters/registry/transport.js";
import type { Clock } from "../../ports/clock.js";
import type { Registry } from "../../ports/registry.js";
import type { Settings } from "../settings.js";

/** The registry client the app uses: credentials from the environment and Docker config files. */
export async function defaultRegistry(
  env: Record<string, string | undefined>,
  settings: Pick<Settings, "BUMPWARDEN_INSECURE_REGISTRIES" | "BUMPWARDEN_REGISTRY_MIRRORS">,
  clock: Clock,
  metrics?: Metrics,
): Promise<Registry> {
  const credentials = await loadCredentialStore(env);
  if (!credentials.ok) throw new Error(credentials.error);
  return createRegistryClient({
    credentials: credentials.value,
    clock,
    insecureHosts: settings.BUMPWARDEN_INSECURE_REGISTRIES,
    ...(metrics && {
      onRequest: (e: RequestEvent) => {
        recordRegistryRateLimit(metrics, new URL(e.url).host, e.headers);
        if (e.status === 429) metrics.retry("registry");
      },
    }),
    ...(settings.BUMPWARDEN_REGISTRY_MIRRORS && { mirrors: settings.BUMPWARDEN_REGISTRY_MIRRORS }),
  });
}

/** A registry created on first use (reading credential files is async), shared afterwards. */
export function lazyRegistry(make: () => Promise<Registry>): Registry {
  let made: Promise<Registry> | undefined;
  const get = () => (made ??= make());
  return {
    listTags: async (...a) => (await get()).listTags(...a),
    getDigest: async (...a) => (await get()).getDigest(...a),
    getManifest: async (...a) => (await get()).getManifest(...a),
    getImageConfig: async (...a) => (await get()).getImageConfig(...a),
    getReferrers: async (...a) => (await get()).getReferrers(...a),
    getBlob: async (...a) => (await get()).getBlob(...a),
  };
}
