/** Entry point for `probot run`: the default export is the Probot application function. */
export { bumpwarden as default } from "./drivers/probot/app.js";
