/**
 * The interfaces the use cases talk to. Adapters implement them; drivers wire them together.
 * One file per port, re-exported here.
 */
export type { Clock } from "./clock.js";
export { systemClock } from "./clock.js";
