import { defineConfig } from "vitest/config";

/**
 * Two groups: `unit` (pure logic, no services, fast) and `integration` (`*.int.test.ts`,
 * against a real Kafka broker and Redis that the global setup brings up when needed).
 * `npm test` runs both; `npm run test:unit` only the fast ones.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{libs,services,tools}/*/src/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**", "**/dist/**"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["{libs,services,tools}/*/src/**/*.int.test.ts"],
          exclude: ["**/node_modules/**", "**/dist/**"],
          globalSetup: ["tools/testing/src/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Shared broker on a 2-core machine: files run one after another, not in parallel.
          fileParallelism: false,
        },
      },
    ],
  },
});
