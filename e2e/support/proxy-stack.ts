/**
 * The "behind a real proxy" stack for browser tests: a Gatehouse whose portal is
 * http://auth.example.test:<port>, nginx running the configuration the admin page generates for
 * it, and an app that echoes the headers it receives, served as several subdomains. Chromium
 * reaches the test names through --host-resolver-rules (see playwright.config.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { nginxConfig } from '../../lib/proxy-config';
import { freeLoopbackPort } from '../../test/support/free-port';
import { serverEnv, SERVER_BUNDLE, startGatehouse } from '../../test/support/gatehouse-process';

export const PROXY_APPS = { one: 'one.example.test', two: 'two.example.test', strict: 'strict.example.test' } as const;

type Proc = { port: number; stop(): Promise<void> };
type Proxies = { startNginx(o: { serverConfig: string; port?: number }): Promise<Proc>; startEchoApp(): Promise<Proc & { url: string }> };

export async function startProxyStack(): Promise<{ env: Record<string, string>; stop(): Promise<void> }> {
  const proxies = (await import(pathToFileURL(join(process.cwd(), 'scripts/lib/proxies.mjs')).href)) as Proxies;
  const port = await freeLoopbackPort();
  const portal = `http://auth.example.test:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-proxy-e2e-'));
  const smtpPort = process.env.GATEHOUSE_TEST_SMTP_PORT;
  if (!smtpPort) throw new Error('GATEHOUSE_TEST_SMTP_PORT is not set: run the end-to-end tests through npm test');
  const env = {
    GATEHOUSE_URL: portal,
    GATEHOUSE_COOKIE_DOMAIN: 'example.test',
    GATEHOUSE_ALLOW_HTTP: 'true',
    GATEHOUSE_SMTP_HOST: '127.0.0.1',
    GATEHOUSE_SMTP_PORT: smtpPort,
  };

  // Schema first, then the rules the tests rely on, then the server (which loads them at start).
  const migrated = spawnSync(process.execPath, [SERVER_BUNDLE, 'migrate'], { env: serverEnv(dataDir, port, env), encoding: 'utf8' });
  if (migrated.status !== 0) throw new Error(`migrate failed: ${migrated.stdout}${migrated.stderr}`);
  const db = new Database(join(dataDir, 'gatehouse.db'));
  const now = new Date().toISOString();
  const rule = db.prepare(`INSERT INTO "AccessRule" ("id","position","description","domains","policy","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?)`);
  rule.run(`r${randomBytes(6).toString('hex')}`, 1, 'apps', JSON.stringify([PROXY_APPS.one, PROXY_APPS.two]), 'one_factor', now, now);
  rule.run(`r${randomBytes(6).toString('hex')}`, 2, 'strict app', JSON.stringify([PROXY_APPS.strict]), 'two_factor', now, now);
  db.close();

  const stops: (() => Promise<void>)[] = [];
  try {
    const gatehouse = await startGatehouse({ dataDir, env });
    stops.push(() => gatehouse.stop());
    const echo = await proxies.startEchoApp();
    stops.push(() => echo.stop());
    const config = nginxConfig({
      portalUrl: portal,
      cookieDomain: 'example.test',
      gatehouseUpstream: gatehouse.direct,
      apps: Object.values(PROXY_APPS).map((host) => ({ host, upstream: echo.url })),
      listen: { scheme: 'http', port, address: '127.0.0.1' },
    });
    const nginx = await proxies.startNginx({ serverConfig: config.full, port });
    stops.push(() => nginx.stop());
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw error;
  }
  return {
    env: { GATEHOUSE_E2E_PROXY_PORTAL: portal, GATEHOUSE_E2E_PROXY_PORT: String(port), GATEHOUSE_E2E_PROXY_DB: join(dataDir, 'gatehouse.db') },
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}
