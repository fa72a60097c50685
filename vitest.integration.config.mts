import { defineConfig } from 'vitest/config';
import { resolveConfig } from './vitest.config.mts';

// Integration tests: real SQLite files, the PostgreSQL server, the SMTP catcher and child
// processes that scripts/test.mjs starts. Run with `vitest run -c vitest.integration.config.mts`.
export default defineConfig({
  resolve: resolveConfig,
  test: {
    environment: 'node',
    include: ['lib/**/*.integration.test.ts', 'app/**/*.integration.test.ts', 'e2e/support/**/*.integration.test.ts', 'test/**/*.integration.test.ts'],
    exclude: ['**/node_modules/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
