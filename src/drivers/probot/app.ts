import type { ApplicationFunctionOptions, Probot } from "probot";
import { healthHandler } from "./health.js";

/** Wires bumpwarden's handlers and routes into a Probot app. */
export function bumpwarden(app: Probot, { addHandler }: ApplicationFunctionOptions): void {
  addHandler(healthHandler);

  app.on("registry_package.published", async (context) => {
    const { registry_package: pkg } = context.payload;
    context.log.info(
      { package: pkg.name, ecosystem: pkg.package_type, tag: pkg.package_version?.container_metadata?.tag?.name },
      "registry package published",
    );
  });
}
