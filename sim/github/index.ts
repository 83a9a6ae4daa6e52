export { startGitHubSimulator, type GitHubSimulator, type SimulatorOptions } from "./server.js";
export type { Human, Files } from "./human.js";
export type { Violation } from "./handle-request.js";
export type { SimState } from "./state/state.js";
