/** Test users created straight in the database, with unique names per call. */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../lib/auth/password/password-hash';
import type { Db } from '../../lib/db';
import { ensureGroups } from '../../lib/users/ensure-groups';

export const TEST_PASSWORD = 'correct horse battery staple 42';

export async function createTestUser(
  db: Db,
  options: { status?: string; password?: string | null; groups?: string[]; username?: string; displayName?: string } = {},
): Promise<{ id: string; username: string; email: string; password: string | null }> {
  const username = options.username ?? `user-${randomBytes(4).toString('hex')}`;
  const password = options.password === undefined ? TEST_PASSWORD : options.password;
  const user = await db.user.create({
    data: {
      username,
      email: `${username}@example.test`,
      displayName: options.displayName ?? `Test ${username}`,
      status: options.status ?? 'active',
      passwordHash: password ? await hashPassword(password) : null,
    },
    select: { id: true },
  });
  if (options.groups?.length) {
    const groups = await ensureGroups(db, options.groups);
    await db.userGroup.createMany({ data: groups.map((g) => ({ userId: user.id, groupId: g.id })) });
  }
  return { id: user.id, username, email: `${username}@example.test`, password };
}
