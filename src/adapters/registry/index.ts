export { createRegistryClient } from "./client.js";
export type { RegistryClientOptions } from "./client.js";
export { createCredentialStore, parseDockerConfig, envPrefix } from "./credentials.js";
export type { Credential, CredentialStore } from "./credentials.js";
export { locate } from "./hosts.js";
export { loadCredentialStore } from "./load-credentials.js";
