import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export const resolveConfig = {
  alias: [
    { find: /^@\//, replacement: `${root}` },
    // Next resolves `server-only` to an empty module on the server; so do we under test.
    { find: /^server-only$/, replacement: `${root}test/support/empty-module.ts` },
  ],
};

// Unit tests sit beside the code as *.test.ts; integration tests (real databases, real SMTP,
// child processes) as *.integration.test.ts, run by scripts/test.mjs with vitest.integration.config.mts.
export default defineConfig({
  resolve: resolveConfig,
  test: {
    environment: 'node',
    include: ['lib/**/*.test.ts', 'app/**/*.test.ts', 'components/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/support/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.integration.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
  },
});
