/**
 * The process `npm start` runs: checks the configuration, applies migrations, prints the
 * setup link while no admin exists, and serves the portal through Next's request handler.
 * (The verify endpoint's fast path is answered here too, before Next, in the same process.)
 *
 *   node dist/server.mjs             start the portal
 *   node dist/server.mjs setup-link  print a fresh setup link (when no admin exists) and exit
 *   node dist/server.mjs migrate     apply migrations and exit
 *   node dist/server.mjs admin …     recovery commands for the locked-out case (lib/console)
 *   node dist/server.mjs import-authelia <folder> …  dry run / import of an Authelia folder (lib/authelia-import)
 *   node dist/server.mjs backup|restore …  backup and restore (lib/backup), before any migration
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import {
  ConfigError,
  getEnv,
  type DatabaseEnv,
  type Env,
  type ListenEnv,
  type MailEnv,
  type ObservabilityEnv,
  type PortalEnv,
  type TrustedProxiesEnv,
} from '../config';
import { runAdminCommand } from '../console/run-admin-command';
import { runImportAutheliaCommand } from '../authelia-import/plan/run-import-command';
import { runBackupCommand } from '../backup/run-backup-command';
import { closeDb, getDb } from '../db';
import { migrate, MigrationError, readMigrations } from '../db/migrate';
import { type JsonLogger, applyLogFormat } from '../logging/logger';
import { createRequestLog } from '../logging/request-log';
import { answerMetrics, isMetricsPath } from '../metrics/endpoint';
import { startMetrics } from '../metrics/start-metrics';
import { gatehouseUpstreamFor } from '../proxy-config';
import { applyStoredSettings } from '../settings/apply-stored-settings';
import { issueSetupLink, SETUP_LINK_TTL_MS } from '../setup/issue-setup-link';
import { handleVerifyNode, verifyFlavourOf } from '../verify/handle';
import { getVerifyRuntime } from '../verify/runtime';
import { answerHealth, healthKindOf, type HealthState } from './health';
import { prepareRequest } from './request-prep';
import { seedTryOut, tryOutOptionsFrom } from './try-out';
import { registerCredentialSources } from './verify-sources';
import { handleOidcRequest, isOidcRequest } from './oidc-routes';
import { ensureSigningKeys } from '../oidc/signing-keys';
import { startBackgroundWork } from './background-work';
import { answerAfterDraining, bodyTooLarge, MAX_BODY_BYTES, requestTargetProblem } from './request-target';

const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// Everything Gatehouse writes (database, outbox, secrets) is for its own user only.
process.umask(0o077);

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

function loadEnv(): Env {
  try {
    return getEnv();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

const migrationsDir = (env: DatabaseEnv) => join(appRoot, 'prisma', 'migrations', env.database.dialect);

async function applyMigrations(env: DatabaseEnv): Promise<void> {
  try {
    await migrate({
      dialect: env.database.dialect,
      target: env.database.sqlitePath ?? env.database.url,
      migrationsDir: migrationsDir(env),
      log: (line) => console.log(`[gatehouse] ${line}`),
    });
  } catch (error) {
    if (error instanceof MigrationError) fail(error.message);
    fail(`Gatehouse cannot reach its database (${describeDatabase(env)}): ${(error as Error).message}`);
  }
}

function describeDatabase(env: DatabaseEnv): string {
  if (env.database.dialect === 'sqlite') return `SQLite at ${env.database.sqlitePath}`;
  const url = new URL(env.database.url);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

async function printSetupLink(env: PortalEnv): Promise<boolean> {
  let link: Awaited<ReturnType<typeof issueSetupLink>>;
  try {
    link = await issueSetupLink(getDb(), { baseUrl: env.url });
  } catch (error) {
    console.error(`[gatehouse] could not issue a setup link (${(error as Error).message.trim().split('\n').pop()}); run "npm run setup-link" to try again.`);
    return false;
  }
  if (!link) return false;
  const minutes = Math.round(SETUP_LINK_TTL_MS / 60_000);
  console.log(
    `\n  No administrator exists yet. Open this link to create the first admin account\n` +
      `  (it works once and expires in ${minutes} minutes; restart or run "npm run setup-link" for a new one):\n\n` +
      `    ${link.url}\n`,
  );
  return true;
}

/** How long open requests may take to finish after SIGTERM/SIGINT (orchestrators usually allow 10–30 s). */
const DRAIN_TIMEOUT_MS = 10_000;

async function serve(env: ListenEnv & PortalEnv & DatabaseEnv & MailEnv & TrustedProxiesEnv & ObservabilityEnv, logger: JsonLogger | null): Promise<void> {
  // Next answers a server action posted to a page that does not hold it by re-sending the request
  // (cookies and body included) to the page that does, at the origin the client's Host header
  // names: a request aimed at another host would make this server post there. Its own address
  // instead (the only setting Next reads for it, at request time).
  process.env.__NEXT_PRIVATE_ORIGIN = gatehouseUpstreamFor(env.listenHost, env.port);
  const app = next({ dev: false, dir: appRoot, hostname: env.listenHost, port: env.port });
  await app.prepare();
  const handle = app.getRequestHandler();

  // Load the access rules before the first verify call arrives (the app credential sources first: the runtime starts them).
  registerCredentialSources();
  await getVerifyRuntime().ready;

  // OpenID Connect: signing keys exist before the first token is asked for (generated on first start, audited).
  await ensureSigningKeys(getDb(), getEnv());

  // Audit pruning, the directory sync, the other instances' announcements (lib/server/background-work.ts).
  const background = startBackgroundWork(env, getDb);

  // Readiness: this build's last migration must be in the database; not ready once draining.
  const health: HealthState = { draining: false, latestMigration: readMigrations(migrationsDir(env)).at(-1)?.name ?? null };

  // Metrics (GATEHOUSE_METRICS) and the JSON request log (GATEHOUSE_LOG_FORMAT=json): null when off.
  const metrics = startMetrics(env, getDb, getVerifyRuntime, background.instanceEventStats);
  const requestLog = logger ? createRequestLog(logger, env) : null;

  // Headers up to 64 KiB reach the verify code, which refuses over-long target headers with a
  // 400 of its own (Node's default limit would answer 431 before any of our checks).
  const server = createServer({ maxHeaderSize: 65_536 }, (req, res) => {
    // Draining: answer what arrives on open connections, then close them.
    if (health.draining) res.setHeader('Connection', 'close');
    // The hot path: answered here, without Next's request pipeline (≈ 10× the throughput).
    const flavour = verifyFlavourOf(req.url);
    const requestId = requestLog?.begin(req, res, flavour === null);
    if (flavour) {
      try {
        handleVerifyNode(req, res, flavour);
      } catch (error) {
        console.error('[gatehouse] verify failed:', error);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('Internal error');
      }
      return;
    }
    if (isMetricsPath(req.url)) {
      answerMetrics(req, res, metrics, env.metrics).catch(() => res.destroy());
      return;
    }
    const healthKind = healthKindOf(req.url);
    if (healthKind) {
      answerHealth(req, res, healthKind, getDb, health).catch(() => res.destroy());
      return;
    }
    if (bodyTooLarge(req.headers['content-length'], MAX_BODY_BYTES)) {
      answerAfterDraining(req, 8 * MAX_BODY_BYTES, () => {
        res.writeHead(413, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
        res.end('The request is too large.\n');
      });
      return;
    }
    const problem = requestTargetProblem(req.url);
    if (problem) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
      res.end(`Bad request: ${problem}.\n`);
      return;
    }
    prepareRequest(req, env, requestId);
    if (isOidcRequest(req.url)) {
      handleOidcRequest(req, res).catch((error: unknown) => {
        console.error('[gatehouse] OpenID Connect request failed:', error);
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
          res.end('Internal error');
        } else {
          res.destroy();
        }
      });
      return;
    }
    handle(req, res).catch((error: unknown) => {
      console.error('[gatehouse] request failed:', error);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end('Internal error');
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 60_000;

  // Before listening: a stop request that arrives right after start must still be graceful.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    health.draining = true;
    console.log(`[gatehouse] ${signal} received: not ready any more, finishing open requests, then closing the database`);
    const force = setTimeout(() => process.exit(0), DRAIN_TIMEOUT_MS);
    force.unref();
    getVerifyRuntime().stop();
    metrics?.stop();
    background.stop();
    // Keep-alive connections are closed as soon as their request is answered (close() alone
    // closes only the connections idle at this moment).
    const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
    server.close(() => {
      clearInterval(closeIdle);
      void closeDb().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  await new Promise<void>((resolveListen) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') fail(`Port ${env.port} on ${env.listenHost} is already in use. Stop the other program or set GATEHOUSE_PORT.`);
      if (error.code === 'EACCES')
        fail(`Not allowed to listen on ${env.listenHost}:${env.port}. Use a port above 1024 or set GATEHOUSE_LISTEN/GATEHOUSE_PORT.`);
      fail(`Cannot listen on ${env.listenHost}:${env.port}: ${error.message}`);
    });
    server.listen(env.port, env.listenHost, resolveListen);
  });

  console.log(`\n  ${env.appName} is running at ${env.url}  (listening on ${env.listenHost}:${env.port})`);
  console.log(`  Database: ${describeDatabase(env)}`);
  console.log(`  Mail: ${env.smtp ? `SMTP ${env.smtp.host}:${env.smtp.port}` : `no SMTP configured, messages kept in ${env.outboxDir}`}`);
  if (!(await printSetupLink(env))) console.log('');
}

async function main(): Promise<void> {
  const command = process.argv[2] ?? 'serve';
  if (command === 'backup' || command === 'restore') {
    const result = await runBackupCommand(command, process.argv.slice(3), { appRoot });
    (result.code === 0 ? console.log : console.error)(result.lines.join('\n'));
    process.exit(result.code);
  }
  const initial = loadEnv();
  // GATEHOUSE_LOG_FORMAT=json: JSON lines from the first one on (the console commands stay text).
  const logger = command === 'serve' ? applyLogFormat(initial.logFormat) : null;
  await applyMigrations(initial);
  // Settings an admin stored in the portal (the environment and the env file still win), before anything uses the configuration.
  const stored = await applyStoredSettings(getDb());
  if (!stored.ok) console.error(`[gatehouse] stored settings not applied, fix them in Settings: ${stored.problems.join(' ')}`);
  const env = getEnv();
  if (!env.smtp) mkdirSync(env.outboxDir, { recursive: true, mode: 0o700 });
  if (command === 'migrate') {
    await closeDb();
    return;
  }
  if (command === 'setup-link') {
    if (!(await printSetupLink(env))) console.log(`An administrator already exists: sign in at ${env.url}/sign-in`);
    await closeDb();
    return;
  }
  if (command === 'try-out') {
    try {
      await seedTryOut(getDb(), env, tryOutOptionsFrom(process.argv.slice(3)));
    } catch (error) {
      fail(`The try-out could not be prepared: ${(error as Error).message}`);
    }
    console.log('[gatehouse] try-out seeded');
    await closeDb();
    return;
  }
  if (command === 'admin' || command === 'import-authelia') {
    const result = await (command === 'admin' ? runAdminCommand : runImportAutheliaCommand)(getDb(), env, process.argv.slice(3));
    (result.code === 0 ? console.log : console.error)(result.lines.join('\n'));
    await closeDb();
    process.exit(result.code);
  }
  if (command !== 'serve') fail(`Unknown command "${command}". Use: serve | setup-link | migrate | try-out | admin | import-authelia | backup | restore`);
  await serve(env, logger);
}

main().catch((error: unknown) => {
  console.error('[gatehouse] failed to start:', error);
  process.exit(1);
});
