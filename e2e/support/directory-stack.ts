/**
 * The "users from the directory" stack for browser tests: a real OpenLDAP slapd (the test
 * directory of test/support/slapd.ts: users, nested groups, ldaps:// with a throwaway CA), a
 * Gatehouse of its own whose portal is http://auth.example.test:<port> (SQLite, mail to the SMTP
 * catcher, no directory configured: the spec configures it on the admin page), an app that
 * echoes the headers it receives at app.example.test behind real nginx running the generated
 * configuration, with a rule that asks for two factors there. Chromium reaches the test names
 * through --host-resolver-rules (playwright.config.ts, project "directory").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { freeLoopbackPort } from '../../test/support/free-port';
import { startGatehouse } from '../../test/support/gatehouse-process';
import { ldapModify } from '../../test/support/ldap/directory-changes';
import { startTestDirectory, type TSeed, type TSlapd } from '../../test/support/slapd';
import { examplePortal, migrateWithRules, startAppsBehindNginx } from './behind-nginx';
import type { Portal } from './portal';

export const DIRECTORY_APP = 'app.example.test';

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
  const portal = examplePortal(await freeLoopbackPort());
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const { slapd, seed } = await startTestDirectory();
    stops.push(() => slapd.stop());
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-directory-e2e-'));
    stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));

    // Schema first, then the rule the app needs (two factors), then the server (which loads the rules at start).
    const dbFile = migrateWithRules(dataDir, portal, [{ description: 'directory app', domains: [DIRECTORY_APP], policy: 'two_factor' }]);
    // The periodic sync is not due during the test (its first check would otherwise race the spec's "Sync now").
    const db = new Database(dbFile);
    db.prepare(`INSERT INTO "Setting" ("key","value","updatedAt") VALUES (?,?,?)`).run(
      'job.directory-sync.next',
      new Date(Date.now() + 86_400_000).toISOString(),
      new Date().toISOString(),
    );
    db.close();

    const gatehouse = await startGatehouse({ dataDir, port: await freeLoopbackPort(), env: portal.env });
    stops.push(() => gatehouse.stop());
    const apps = await startAppsBehindNginx(portal, gatehouse.direct, [DIRECTORY_APP]);
    stops.push(() => apps.stop());
    return {
      portal: { url: portal.url, log: '', db: dbFile, port: portal.port },
      slapd,
      seed,
      app: (path = '/') => `http://${DIRECTORY_APP}:${portal.port}${path}`,
      ldapModify: (ldif: string) => ldapModify(slapd, ldif),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
