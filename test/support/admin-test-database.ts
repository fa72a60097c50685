/**
 * The set-up shared by integration tests that act as an admin on one dialect: before the
 * describe's tests, the configuration (portal at http://localhost:9091), a fresh migrated
 * database and an active user in the admins group; after them, the database dropped and the
 * configuration restored. Call it in the describe's body, and read its fields inside tests and
 * hooks (they exist once its beforeAll has run).
 */
import { afterAll, beforeAll } from 'vitest';
import type { Dialect, Env } from '../../lib/config';
import type { Db } from '../../lib/db';
import { createTestUser } from './fixtures';
import { createTestDatabase, type TestDatabase } from './test-db';
import { useTestEnv, type TestEnv } from './test-env';

export type TestAdmin = Awaited<ReturnType<typeof createTestUser>>;

export type AdminTestDatabase = {
  readonly db: Db;
  readonly env: Env;
  readonly admin: TestAdmin;
  /** The admin as the actor of an admin action. */
  readonly actor: { id: string; name: string };
};

export function useAdminTestDatabase(dialect: Dialect): AdminTestDatabase {
  let database: TestDatabase | undefined;
  let testEnv: TestEnv | undefined;
  let admin: TestAdmin | undefined;
  beforeAll(async () => {
    testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091' });
    database = await createTestDatabase(dialect);
    admin = await createTestUser(database.db, { groups: ['admins'] });
  });
  afterAll(async () => {
    await database?.drop();
    testEnv?.restore();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useAdminTestDatabase: its fields are read inside tests and hooks, after its beforeAll');
    return value;
  };
  return {
    get db() {
      return ready(database).db;
    },
    get env() {
      return ready(testEnv).env;
    },
    get admin() {
      return ready(admin);
    },
    get actor() {
      const { id, username } = ready(admin);
      return { id, name: username };
    },
  };
}
