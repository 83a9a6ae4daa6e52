import { normalizeAcr } from "./acr.js";
import type { RegistryNormalizer } from "./delivery.js";
import { normalizeDistribution } from "./distribution.js";
import { normalizeDockerHub } from "./dockerhub.js";
import { normalizeEcr } from "./ecr.js";
import { normalizeGar } from "./gar.js";
import { normalizeGeneric } from "./generic.js";
import { normalizeHarbor } from "./harbor.js";
import { normalizeJfrog } from "./jfrog.js";
import { normalizeNexus } from "./nexus.js";
import { normalizeQuay } from "./quay.js";

/** The explicit list of registry webhook formats bumpwarden reads, by endpoint type. */
export const registryNormalizers = {
  dockerhub: normalizeDockerHub,
  harbor: normalizeHarbor,
  quay: normalizeQuay,
  acr: normalizeAcr,
  gar: normalizeGar,
  distribution: normalizeDistribution,
  jfrog: normalizeJfrog,
  nexus: normalizeNexus,
  ecr: normalizeEcr,
  generic: normalizeGeneric,
} as const satisfies Record<string, RegistryNormalizer>;

export type RegistryKind = keyof typeof registryNormalizers;

export const registryKinds = Object.keys(registryNormalizers) as RegistryKind[];
