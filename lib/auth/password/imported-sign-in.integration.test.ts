import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHashes } from '../../../test/support/authelia/hash-tools';
import { createTestUser } from '../../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../../test/support/test-db';
import { needsRehash } from './password-hash';
import { signInWithPassword, WRONG_CREDENTIALS } from './sign-in-with-password';

const DAY = 86_400_000;
const PASSWORD = 'old Authelia password';

describe.each(DIALECTS)('signing in with a password hash imported from Authelia on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t?.drop());

  it.each(['sha512crypt', 'pbkdf2-sha512', 'bcrypt-2y', 'bcrypt-sha256', 'scrypt', 'argon2id'] as const)(
    '%s: the old password signs in once verified as it is, and the hash becomes Gatehouse argon2id',
    async (scheme) => {
      const [imported] = makeHashes([{ scheme, password: PASSWORD }]);
      const user = await createTestUser(t.db);
      await t.db.user.update({ where: { id: user.id }, data: { passwordHash: imported! } });
      const meta = { ip: `192.0.2.${20 + scheme.length}`, userAgent: 'vitest' };
      const signIn = (password: string) => signInWithPassword(t.db, { login: user.username, password, meta, sessionMaxAgeMs: DAY });

      expect(await signIn('not it')).toEqual({ ok: false, message: WRONG_CREDENTIALS });
      expect((await t.db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } }))!.passwordHash).toBe(imported);

      expect((await signIn(PASSWORD)).ok).toBe(true);
      const stored = (await t.db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } }))!.passwordHash!;
      expect(stored).not.toBe(imported);
      expect(stored).toMatch(/^\$argon2id\$/);
      expect(needsRehash(stored)).toBe(false);
      expect((await signIn(PASSWORD)).ok).toBe(true);
      const event = await t.db.auditEvent.findFirst({ where: { type: 'auth.sign_in', targetId: user.id, outcome: 'success' }, orderBy: { createdAt: 'asc' } });
      expect(event?.data).not.toContain(imported!.slice(-12));
    },
  );
});
