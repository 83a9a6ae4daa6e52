import type { NormalizeOutcome } from "./outcome.js";

/** One HTTP delivery from a registry, as the driver hands it to a normalizer. */
export interface RegistryDelivery {
  /** The parsed JSON body. */
  body: unknown;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** ISO time the driver received it. */
  receivedAt: string;
  /**
   * Where images of this endpoint are pulled from (`host[:port][/prefix]`), from the endpoint's
   * configuration. Required by senders that do not say (Nexus, JFrog without `jpd_origin`);
   * preferred over the payload's host when set (a registry behind a proxy knows itself by an
   * internal name).
   */
  registry?: string;
}

export type RegistryNormalizer = (delivery: RegistryDelivery) => NormalizeOutcome;
