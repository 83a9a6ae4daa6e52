import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "examples/", "test/fixtures/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module" },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["bin/**/*.js"],
    languageOptions: { globals: { process: "readonly" } },
  },
  {
    // The core is pure: data in, data out. No IO, no clock, no environment.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "node:fs",
                "node:fs/*",
                "node:http",
                "node:https",
                "node:net",
                "node:child_process",
                "node:os",
                "node:process",
                "fs",
                "http",
                "https",
                "probot",
                "@octokit/*",
                "ioredis",
                "bullmq",
                "prom-client",
                "**/adapters/**",
                "**/drivers/**",
                "**/app/**",
              ],
              message: "src/core is pure: move IO to an adapter and pass data in.",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "fetch", message: "No network in the core." },
        { name: "process", message: "No environment in the core." },
        { name: "setTimeout", message: "No clock in the core." },
        { name: "setInterval", message: "No clock in the core." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: "No clock in the core: take the time as an argument.",
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "No clock in the core: take the time as an argument.",
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: "No randomness in the core.",
        },
        {
          selector: "MemberExpression[object.name='console']",
          message: "Only drivers and adapters log.",
        },
      ],
    },
  },
);
