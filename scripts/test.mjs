#!/usr/bin/env node
// `npm test`: the whole suite, from a fresh clone, with the real services it needs.
//
//   1. Debian packages (chromium, nginx, caddy, postgresql, wrk, apache2 with mod_auth_openidc, slapd, ldap-utils, samba's AD DC) when missing and root
//   2. npm packages, Prisma clients, schema sync check, lint/format/structure (scripts/lint.mjs), type check
//   3. unit tests (vitest)
//   4. the production build, then integration tests (vitest) against SQLite and a throwaway
//      PostgreSQL server, a real SMTP server process, a real OpenID Connect provider process,
//      and the built server itself
//   5. two Gatehouse processes (SMTP mode and outbox mode) and the Playwright end-to-end tests
//      in Debian's Chromium
//
// Every service is stopped by PID in a `finally`. Exit code 0 only when everything passed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDebianPackages } from './lib/debian.mjs';
import { checkNode, ensureBuilt, ensureInstalled, generateClients, log, root, run } from './lib/prepare.mjs';
import {
  freePort,
  OIDC_TEST_CLIENT_ID,
  OIDC_TEST_CLIENT_SECRET,
  OIDC_TEST_PROVIDER_ID,
  startOidcProvider,
  startPostgres,
  startProcess,
  startSmtpCatcher,
  stopProcess,
} from './lib/services.mjs';

checkNode();
// For working on one layer: `node scripts/test.mjs --only e2e` (or lint, types, unit, integration).
// `npm test` always runs everything.
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : null;
// Anything after `--` goes to vitest / Playwright as filters, e.g.
// `node scripts/test.mjs --only e2e -- setup.spec paperless.spec` (for lint: the paths Biome checks).
const dashIndex = process.argv.indexOf('--');
const filters = dashIndex > 0 ? process.argv.slice(dashIndex + 1) : [];
const wants = (stage) => only === null || only === stage;
const started = Date.now();
const artifacts = join(root, 'e2e', '.artifacts');
const results = [];
const services = [];

function runStage(name, command, args, env = {}) {
  return new Promise((resolve) => {
    log(`── ${name}`);
    const stageStart = Date.now();
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => {
      const seconds = Math.round((Date.now() - stageStart) / 1000);
      resolve({ name, ok: code === 0, code: code ?? signal, seconds });
    });
  });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function vitestCounts(file) {
  const report = readJson(file);
  if (!report) return null;
  // A suite that fails to load has no failed tests of its own: count it once.
  const failed = report.numFailedTests || report.numFailedTestSuites || 0;
  return { passed: report.numPassedTests, failed, skipped: report.numPendingTests + report.numTodoTests };
}

function playwrightCounts(file) {
  const report = readJson(file);
  if (!report?.stats) return null;
  const { expected, unexpected, flaky, skipped } = report.stats;
  return { passed: expected + flaky, failed: unexpected, skipped };
}

async function startPortal(name, env) {
  const dataDir = mkdtempSync(join(artifacts, `${name}-data-`));
  const port = await freePort();
  const logFile = join(artifacts, `${name}.log`);
  const url = `http://localhost:${port}`;
  const handle = await startProcess(name, process.execPath, [join(root, 'dist', 'server.mjs')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      GATEHOUSE_ENV_FILE: '/dev/null',
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_PORT: String(port),
      GATEHOUSE_URL: url,
      ...env,
    },
    ready: /is running at/,
    logFile,
  });
  services.push(handle);
  // The setup link is printed right after the banner.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    url,
    logFile,
    dataDir,
    dbFile: join(dataDir, 'gatehouse.db'),
    env: { GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_PORT: String(port), GATEHOUSE_URL: url, GATEHOUSE_ENV_FILE: '/dev/null', ...env },
  };
}

let exitCode = 1;
try {
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });

  log('── preparing: Debian packages, npm packages, Prisma clients');
  ensureDebianPackages();
  ensureInstalled();
  generateClients();
  run(process.execPath, [join(root, 'scripts', 'db-schema.mjs'), 'check']);

  if (wants('lint')) {
    // Biome (lint + format check) and the structure rules (scripts/check-structure.mjs): seconds, so first.
    const paths = only === 'lint' && filters.length > 0 ? ['--', ...filters] : [];
    results.push(await runStage('lint, format and structure', process.execPath, [join(root, 'scripts', 'lint.mjs'), ...paths]));
  }

  if (wants('types')) {
    results.push(await runStage('type check', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', '.']));
  }

  if (wants('unit')) {
    const report = join(artifacts, 'unit.json');
    const unit = await runStage('unit tests', process.execPath, [
      join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ]);
    results.push({ ...unit, counts: vitestCounts(report) });
  }

  if (wants('integration') || wants('e2e')) {
    // Integration tests also start the built server (dist/server.mjs), so build first.
    log('── production build');
    ensureBuilt();

    log('── starting PostgreSQL, the SMTP catcher and the OpenID Connect provider');
    const postgres = await startPostgres();
    services.push({ name: 'postgresql', stop: () => postgres.stop() });
    const smtp = await startSmtpCatcher();
    services.push(smtp);
    // One OpenID Connect provider for both stages. Its client must list the redirect URIs of
    // Gatehouse processes that start later on free ports (the e2e portals below, and any server
    // an integration test starts), so rather than choosing every port up front the client is
    // registered as a "native" client: oidc-provider then matches http://localhost and
    // http://127.0.0.1 redirect URIs whatever their port (RFC 8252 §7.3). Only the path is fixed:
    // /api/auth/callback/testidp. Native clients see the consent page on every authorization.
    const oidc = await startOidcProvider(
      ['localhost', '127.0.0.1'].map((host) => `http://${host}/api/auth/callback/${OIDC_TEST_PROVIDER_ID}`),
      { anyLoopbackPort: true, logFile: join(artifacts, 'oidc-provider.log') },
    );
    services.push(oidc);
    const oidcEnv = {
      GATEHOUSE_TEST_OIDC_ISSUER: oidc.issuer,
      GATEHOUSE_TEST_OIDC_CLIENT_ID: OIDC_TEST_CLIENT_ID,
      GATEHOUSE_TEST_OIDC_CLIENT_SECRET: OIDC_TEST_CLIENT_SECRET,
    };

    if (wants('integration')) {
      const report = join(artifacts, 'integration.json');
      const integration = await runStage(
        'integration tests (SQLite + PostgreSQL, SMTP, the built server)',
        process.execPath,
        [
          join(root, 'node_modules/vitest/vitest.mjs'),
          'run',
          '-c',
          'vitest.integration.config.mts',
          '--reporter=default',
          '--reporter=json',
          `--outputFile.json=${report}`,
          ...filters,
        ],
        {
          GATEHOUSE_TEST_PG_URL: postgres.url,
          GATEHOUSE_TEST_REQUIRE_PG: '1',
          GATEHOUSE_TEST_SMTP_PORT: String(smtp.smtpPort),
          GATEHOUSE_TEST_SMTP_API: smtp.apiUrl,
          ...oidcEnv,
        },
      );
      results.push({ ...integration, counts: vitestCounts(report) });
    }

    if (wants('e2e')) {
      const portal = await startPortal('portal', {
        GATEHOUSE_SMTP_HOST: '127.0.0.1',
        GATEHOUSE_SMTP_PORT: String(smtp.smtpPort),
        GATEHOUSE_MAIL_FROM: 'Gatehouse <sso@example.test>',
        // Sign-in through the real OpenID Connect provider process (e2e/specs/signup.spec.ts).
        GATEHOUSE_OIDC_PROVIDERS: OIDC_TEST_PROVIDER_ID,
        [`GATEHOUSE_OIDC_${OIDC_TEST_PROVIDER_ID.toUpperCase()}_NAME`]: 'Test IdP',
        [`GATEHOUSE_OIDC_${OIDC_TEST_PROVIDER_ID.toUpperCase()}_ISSUER`]: oidc.issuer,
        [`GATEHOUSE_OIDC_${OIDC_TEST_PROVIDER_ID.toUpperCase()}_CLIENT_ID`]: OIDC_TEST_CLIENT_ID,
        [`GATEHOUSE_OIDC_${OIDC_TEST_PROVIDER_ID.toUpperCase()}_CLIENT_SECRET`]: OIDC_TEST_CLIENT_SECRET,
      });
      const outboxPortal = await startPortal('portal-outbox', {});
      const report = join(artifacts, 'e2e.json');
      const e2e = await runStage(
        'end-to-end tests (Playwright, Debian Chromium)',
        process.execPath,
        [join(root, 'node_modules/@playwright/test/cli.js'), 'test', '-c', 'e2e/playwright.config.ts', ...filters],
        {
          PLAYWRIGHT_JSON_OUTPUT_NAME: report,
          GATEHOUSE_E2E_URL: portal.url,
          GATEHOUSE_E2E_LOG: portal.logFile,
          GATEHOUSE_E2E_DB: portal.dbFile,
          GATEHOUSE_E2E_OUTBOX_URL: outboxPortal.url,
          GATEHOUSE_E2E_OUTBOX_LOG: outboxPortal.logFile,
          GATEHOUSE_E2E_OUTBOX_DB: outboxPortal.dbFile,
          GATEHOUSE_E2E_OUTBOX_ENV: JSON.stringify(outboxPortal.env),
          GATEHOUSE_TEST_SMTP_API: smtp.apiUrl,
          GATEHOUSE_TEST_SMTP_PORT: String(smtp.smtpPort),
          ...oidcEnv,
        },
      );
      results.push({ ...e2e, counts: playwrightCounts(report) });
    }
  }
  exitCode = results.length > 0 && results.every((r) => r.ok) ? 0 : 1;
} catch (error) {
  console.error(`\n[gatehouse] test run aborted: ${error.message}\n`);
  results.push({ name: 'test run', ok: false, code: error.message, seconds: 0 });
} finally {
  for (const service of services.reverse()) {
    try {
      if (service.stop) await service.stop();
      else await stopProcess(service);
    } catch (error) {
      console.error(`[gatehouse] could not stop ${service.name ?? 'a service'}: ${error.message}`);
    }
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
console.log('\n──────── summary');
for (const r of results) {
  const counts = r.counts ? ` — ${r.counts.passed} passed, ${r.counts.failed} failed${r.counts.skipped ? `, ${r.counts.skipped} skipped` : ''}` : '';
  if (r.counts) for (const key of Object.keys(totals)) totals[key] += r.counts[key] ?? 0;
  if (!r.counts && !r.ok) totals.failed += 1;
  console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${counts}${r.ok ? '' : ` (exit ${r.code})`}  [${r.seconds}s]`);
}
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''} in ${minutes} min`);
if (exitCode !== 0 && existsSync(artifacts)) console.log(`Logs and reports: ${artifacts}`);
process.exit(exitCode);
