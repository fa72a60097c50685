/**
 * The set-up of an Authelia import test on one dialect: a fresh Gatehouse database and, as the
 * test asks, a Gatehouse configuration (useTestEnv), an administrator to import as, an Authelia
 * folder (authelia-folder.ts, with the options given as they are) and that folder read as the
 * import reads it. Made in that order; `close` takes down what was made, and a failing step
 * takes down what came before it. `importCensus` counts what an import writes.
 */
import type { Dialect } from '../../../lib/config';
import type { Db } from '../../../lib/db';
import { readAutheliaInstallation } from '../../../lib/authelia-import/read/read-installation';
import type { AutheliaInstallation } from '../../../lib/authelia-import/types';
import { createTestUser } from '../fixtures';
import { createTestDatabase, type TestDatabase } from '../test-db';
import { type TestEnv, useTestEnv } from '../test-env';
import { type AutheliaFixture, type AutheliaFixtureOptions, buildAutheliaFolder } from './authelia-folder';

export type ImportFixtureOptions = {
  /** Gatehouse's configuration while the test runs (useTestEnv's variables); none: left as it is. */
  env?: Record<string, string | undefined>;
  /** Creates a user in the group admins, the actor of the import. */
  admin?: true;
  /** Builds an Authelia folder with these options. */
  folder?: AutheliaFixtureOptions;
  /** Reads the folder (readAutheliaInstallation), as the import does. */
  read?: true;
};

/** What was asked for: `testEnv` with `env`, `admin` with `admin`, `fixture` with `folder`, `installation` with `read`. */
export type ImportFixture<O extends ImportFixtureOptions> = { t: TestDatabase; close(): Promise<void> } & (O extends { env: object }
  ? { testEnv: TestEnv }
  : unknown) &
  (O extends { admin: true } ? { admin: { id: string; name: string } } : unknown) &
  (O extends { folder: object } ? { fixture: AutheliaFixture } : unknown) &
  (O extends { read: true } ? { installation: AutheliaInstallation } : unknown);

export async function openImportFixture<const O extends ImportFixtureOptions>(dialect: Dialect, options: O): Promise<ImportFixture<O>> {
  let testEnv: TestEnv | undefined;
  let t: TestDatabase | undefined;
  let fixture: AutheliaFixture | undefined;
  const close = async () => {
    await fixture?.cleanup();
    await t?.drop();
    testEnv?.restore();
  };
  try {
    if (options.env) testEnv = useTestEnv(options.env);
    t = await createTestDatabase(dialect);
    const user = options.admin && (await createTestUser(t.db, { groups: ['admins'] }));
    const admin = user ? { id: user.id, name: user.username } : undefined;
    if (options.folder) fixture = await buildAutheliaFolder(options.folder);
    if (options.read && !fixture) throw new Error('openImportFixture: `read` reads the folder, and no `folder` was given');
    const installation = options.read && fixture ? await readAutheliaInstallation({ kind: 'folder', path: fixture.dir }) : undefined;
    // The conditional type cannot follow the branches above; each field is there exactly when asked for.
    return { t, testEnv, admin, fixture, installation, close } as unknown as ImportFixture<O>;
  } catch (error) {
    await close();
    throw error;
  }
}

/** The rows of every table an import writes, and the audit events, on one line (equal before and after: nothing written). */
export async function importCensus(db: Db): Promise<string> {
  const [users, groups, members, factors, rules, settings, clients, apps, events] = await Promise.all([
    db.user.count(),
    db.group.count(),
    db.userGroup.count(),
    db.secondFactor.count(),
    db.accessRule.count(),
    db.setting.count(),
    db.oidcClient.count(),
    db.application.count(),
    db.auditEvent.count(),
  ]);
  return Object.entries({ users, groups, members, factors, rules, settings, clients, apps, events })
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');
}
