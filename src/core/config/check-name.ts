/** The check run that validates a PR's change to `.github/bumpwarden.yml`. */
export const CONFIG_CHECK_NAME = "bumpwarden/config";
