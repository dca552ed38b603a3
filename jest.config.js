/** Jest: TypeScript through SWC (no type checking here; `npm run typecheck` does that). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  moduleFileExtensions: ["ts", "js", "json"],
  moduleNameMapper: { "^\\.{1,2}/(?:tokens/|private/)*stack-trace$": "<rootDir>/__tests__/support/no-stack-trace.js" },
  setupFiles: ["<rootDir>/__tests__/support/env.js"],
  globalSetup: "<rootDir>/__tests__/support/setup.js",
  globalTeardown: "<rootDir>/__tests__/support/teardown.js",
};
