/**
 * What the browser-test stacks behind real nginx share (proxy-stack.ts, directory-stack.ts): a
 * portal at http://auth.example.test:<port> (cookies for example.test, plain HTTP, mail to the
 * SMTP catcher), its SQLite database migrated with the access rules the stack needs (before the
 * server starts: it loads them at start), and the echo app served as the stack's hosts by nginx
 * on the portal's port, running the configuration the admin page generates. Chromium reaches the
 * test names through --host-resolver-rules (playwright.config.ts).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { nginxConfig } from '../../lib/proxy-config';
import { serverEnv, SERVER_BUNDLE } from '../../test/support/gatehouse-process';
import { loadProxies } from '../../test/support/proxies';

const COOKIE_DOMAIN = 'example.test';

export type ExamplePortal = { port: number; url: string; env: Record<string, string> };

/** The portal at http://auth.example.test:<port> and the environment its Gatehouse runs with. */
export function examplePortal(port: number): ExamplePortal {
  const smtpPort = process.env.GATEHOUSE_TEST_SMTP_PORT;
  if (!smtpPort) throw new Error('GATEHOUSE_TEST_SMTP_PORT is not set: run the end-to-end tests through npm test');
  const url = `http://auth.${COOKIE_DOMAIN}:${port}`;
  const env = {
    GATEHOUSE_URL: url,
    GATEHOUSE_COOKIE_DOMAIN: COOKIE_DOMAIN,
    GATEHOUSE_ALLOW_HTTP: 'true',
    GATEHOUSE_SMTP_HOST: '127.0.0.1',
    GATEHOUSE_SMTP_PORT: smtpPort,
  };
  return { port, url, env };
}

export type TestRule = { description: string; domains: readonly string[]; policy: 'one_factor' | 'two_factor' };

/** Creates the schema in `dataDir`, then `rules` in their order. Returns the database file. */
export function migrateWithRules(dataDir: string, portal: ExamplePortal, rules: readonly TestRule[]): string {
  const migrated = spawnSync(process.execPath, [SERVER_BUNDLE, 'migrate'], { env: serverEnv(dataDir, portal.port, portal.env), encoding: 'utf8' });
  if (migrated.status !== 0) throw new Error(`migrate failed: ${migrated.stdout}${migrated.stderr}`);
  const file = join(dataDir, 'gatehouse.db');
  const db = new Database(file);
  try {
    const now = new Date().toISOString();
    const insert = db.prepare(`INSERT INTO "AccessRule" ("id","position","description","domains","policy","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?)`);
    for (const [index, rule] of rules.entries()) {
      insert.run(`r${randomBytes(6).toString('hex')}`, index + 1, rule.description, JSON.stringify(rule.domains), rule.policy, now, now);
    }
  } finally {
    db.close();
  }
  return file;
}

/**
 * The echo app, served as each of `hosts` by nginx listening on the portal's port in front of
 * the Gatehouse at `gatehouseUpstream` (its direct address). stop() stops nginx, then the app.
 */
export async function startAppsBehindNginx(portal: ExamplePortal, gatehouseUpstream: string, hosts: readonly string[]): Promise<{ stop(): Promise<void> }> {
  const proxies = await loadProxies();
  const echo = await proxies.startEchoApp();
  try {
    const config = nginxConfig({
      portalUrl: portal.url,
      cookieDomain: COOKIE_DOMAIN,
      gatehouseUpstream,
      apps: hosts.map((host) => ({ host, upstream: echo.url })),
      listen: { scheme: 'http', port: portal.port, address: '127.0.0.1' },
    });
    const nginx = await proxies.startNginx({ serverConfig: config.full, port: portal.port });
    return {
      async stop() {
        await nginx.stop().catch(() => undefined);
        await echo.stop();
      },
    };
  } catch (error) {
    await echo.stop().catch(() => undefined);
    throw error;
  }
}
