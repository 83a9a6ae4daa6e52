/** Where a repository's bumpwarden configuration lives (design §5). */
export const CONFIG_PATH = ".github/bumpwarden.yml";
