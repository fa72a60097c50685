import { defineConfig } from '@playwright/test';

// End-to-end tests against the production build, in Debian's Chromium (never a downloaded
// browser). scripts/test.mjs starts the portals and passes their addresses in the environment.
const baseURL = process.env.GATEHOUSE_E2E_URL;
if (!baseURL) throw new Error('GATEHOUSE_E2E_URL is not set: run the end-to-end tests through npm test');

export default defineConfig({
  testDir: './specs',
  globalSetup: './global-setup.ts',
  outputDir: './.artifacts/test-results',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json']],
  use: {
    baseURL,
    launchOptions: { executablePath: '/usr/bin/chromium' },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'setup', testMatch: /setup\.spec\.ts/ },
    { name: 'chromium', testIgnore: /(setup|proxy|admin-users|applications|audit-secrets)\.spec\.ts/, dependencies: ['setup'] },
    // Change portal-wide state other specs count (a rule, for "delete blocked by a rule"; rules an application writes): after them.
    { name: 'admin-late', testMatch: /(admin-users|applications)\.spec\.ts/, dependencies: ['chromium'] },
    // Reads what every other spec left in the audit log: last.
    { name: 'final', testMatch: /audit-secrets\.spec\.ts/, dependencies: ['admin-late'] },
    {
      // Apps under *.example.test behind real nginx; Chromium resolves those names to 127.0.0.1.
      name: 'proxy',
      testMatch: /proxy\.spec\.ts/,
      use: { launchOptions: { executablePath: '/usr/bin/chromium', args: ['--host-resolver-rules=MAP *.example.test 127.0.0.1'] } },
    },
  ],
});
