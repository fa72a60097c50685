/**
 * The "users from the directory" stack for browser tests: a real OpenLDAP slapd (the test
 * directory of test/support/slapd.ts: users, nested groups, ldaps:// with a throwaway CA), a
 * Gatehouse of its own whose portal is http://auth.example.test:<port> (SQLite, mail to the SMTP
 * catcher, no directory configured: the spec configures it on the admin page), an app that
 * echoes the headers it receives at app.example.test behind real nginx running the generated
 * configuration, with a rule that asks for two factors there. Chromium reaches the test names
 * through --host-resolver-rules (playwright.config.ts, project "directory").
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { nginxConfig } from '../../lib/proxy-config';
import { freeLoopbackPort } from '../../test/support/free-port';
import { serverEnv, SERVER_BUNDLE, startGatehouse } from '../../test/support/gatehouse-process';
import { ldapModify } from '../../test/support/ldap/directory-changes';
import { startTestDirectory, type TSeed, type TSlapd } from '../../test/support/slapd';
import type { Portal } from './portal';

export const DIRECTORY_APP = 'app.example.test';

type Proc = { port: number; stop(): Promise<void> };
type Proxies = { startNginx(o: { serverConfig: string; port?: number }): Promise<Proc>; startEchoApp(): Promise<Proc & { url: string }> };

export type DirectoryStack = {
  portal: Portal & { port: number };
  slapd: TSlapd;
  seed: TSeed;
  /** The app behind nginx at `path`. */
  app(path?: string): string;
  /** Changes the directory as its admin would (ldapmodify as the root DN). */
  ldapModify(ldif: string): void;
  stop(): Promise<void>;
};

export async function startDirectoryStack(): Promise<DirectoryStack> {
  const smtpPort = process.env.GATEHOUSE_TEST_SMTP_PORT;
  if (!smtpPort) throw new Error('GATEHOUSE_TEST_SMTP_PORT is not set: run the end-to-end tests through npm test');
  const proxies = (await import(pathToFileURL(join(process.cwd(), 'scripts/lib/proxies.mjs')).href)) as Proxies;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const { slapd, seed } = await startTestDirectory();
    stops.push(() => slapd.stop());
    const port = await freeLoopbackPort();
    const url = `http://auth.example.test:${port}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-directory-e2e-'));
    stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const env = {
      GATEHOUSE_URL: url,
      GATEHOUSE_COOKIE_DOMAIN: 'example.test',
      GATEHOUSE_ALLOW_HTTP: 'true',
      GATEHOUSE_SMTP_HOST: '127.0.0.1',
      GATEHOUSE_SMTP_PORT: smtpPort,
    };

    // Schema first, then the rule the app needs (two factors), then the server (which loads the rules at start).
    const migrated = spawnSync(process.execPath, [SERVER_BUNDLE, 'migrate'], { env: serverEnv(dataDir, port, env), encoding: 'utf8' });
    if (migrated.status !== 0) throw new Error(`migrate failed: ${migrated.stdout}${migrated.stderr}`);
    const db = new Database(join(dataDir, 'gatehouse.db'));
    const now = new Date().toISOString();
    db.prepare(`INSERT INTO "AccessRule" ("id","position","description","domains","policy","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?)`).run(
      `r${randomBytes(6).toString('hex')}`,
      1,
      'directory app',
      JSON.stringify([DIRECTORY_APP]),
      'two_factor',
      now,
      now,
    );
    // The periodic sync is not due during the test (its first check would otherwise race the spec's "Sync now").
    db.prepare(`INSERT INTO "Setting" ("key","value","updatedAt") VALUES (?,?,?)`).run(
      'job.directory-sync.next',
      new Date(Date.now() + 86_400_000).toISOString(),
      now,
    );
    db.close();

    const gatehouse = await startGatehouse({ dataDir, port: await freeLoopbackPort(), env });
    stops.push(() => gatehouse.stop());
    const echo = await proxies.startEchoApp();
    stops.push(() => echo.stop());
    const config = nginxConfig({
      portalUrl: url,
      cookieDomain: 'example.test',
      gatehouseUpstream: gatehouse.direct,
      apps: [{ host: DIRECTORY_APP, upstream: echo.url }],
      listen: { scheme: 'http', port, address: '127.0.0.1' },
    });
    const nginx = await proxies.startNginx({ serverConfig: config.full, port });
    stops.push(() => nginx.stop());
    return {
      portal: { url, log: '', db: join(dataDir, 'gatehouse.db'), port },
      slapd,
      seed,
      app: (path = '/') => `http://${DIRECTORY_APP}:${port}${path}`,
      ldapModify: (ldif: string) => ldapModify(slapd, ldif),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
