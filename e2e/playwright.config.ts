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
    {
      name: 'chromium',
      testIgnore:
        /(setup|proxy|directory|oidc-apache|authelia-import|admin-users|applications|oidc-clients|launcher|oidc-consent|oidc-sign-in|audit-secrets|factor-change-approval|try-out|screenshots|a11y|phone|dark-mode|keyboard)\.spec\.ts/,
      dependencies: ['setup'],
    },
    // `npm run try-out` starts a portal, a sample app and Caddy of its own on *.gatehouse.localhost
    // (Chromium sends *.localhost to this machine by itself).
    { name: 'try-out', testMatch: /try-out\.spec\.ts/ },
    // README's screenshots, from a portal of its own with clean data (npm run screenshots writes them to docs/).
    { name: 'screenshots', testMatch: /screenshots\.spec\.ts/ },
    // Change portal-wide state other specs count (a rule, for "delete blocked by a rule"; rules an application writes;
    // the launcher's applications; oidc-consent's and oidc-clients' applications with their clients): after them. factor-change-approval adds admins to the outbox portal, which
    // outbox.spec first sets up through its setup link. The page-wide specs (a11y, phone, dark-mode, keyboard) add
    // a rule and a user for the pages they scan, which rules.spec would count.
    {
      name: 'admin-late',
      testMatch: /(admin-users|applications|oidc-clients|launcher|oidc-consent|oidc-sign-in|factor-change-approval|a11y|phone|dark-mode|keyboard)\.spec\.ts/,
      dependencies: ['chromium'],
    },
    // Reads what every other spec left in the audit log: last.
    { name: 'final', testMatch: /audit-secrets\.spec\.ts/, dependencies: ['admin-late'] },
    {
      // Apps under *.example.test behind real nginx; Chromium resolves those names to 127.0.0.1.
      name: 'proxy',
      testMatch: /proxy\.spec\.ts/,
      use: { launchOptions: { executablePath: '/usr/bin/chromium', args: ['--host-resolver-rules=MAP *.example.test 127.0.0.1'] } },
    },
    // A real OpenLDAP slapd, a Gatehouse of its own and an app behind nginx on *.example.test (e2e/support/directory-stack.ts,
    // started by the spec): the directory configured on the admin page, a directory user through the app, the sync.
    {
      name: 'directory',
      testMatch: /directory\.spec\.ts/,
      use: { launchOptions: { executablePath: '/usr/bin/chromium', args: ['--host-resolver-rules=MAP *.example.test 127.0.0.1'] } },
    },
    // Apache httpd with mod_auth_openidc as the OpenID Connect relying party of a Gatehouse of its own
    // (e2e/support/apache-stack.ts, started by the spec: Debian's apache2 and libapache2-mod-auth-openidc).
    { name: 'oidc-apache', testMatch: /oidc-apache\.spec\.ts/ },
    // Moving from Authelia imports settings and rules into a Gatehouse of its own (the spec starts it).
    { name: 'authelia-import', testMatch: /authelia-import.*\.spec\.ts/ },
  ],
});
