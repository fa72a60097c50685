import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { countRecoveryCodes, replaceRecoveryCodes, useRecoveryCode } from './recovery-code-store';
import { hashRecoveryCode } from './recovery-codes';

const key = randomBytes(32);
const now = new Date('2026-03-01T12:00:00Z');

describe.each(DIALECTS)('recovery code store on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t?.drop());

  const setUp = async () => {
    const user = await createTestUser(t.db);
    const codes = await replaceRecoveryCodes(t.db, { userId: user.id, key, now });
    return { user, codes };
  };
  const use = (userId: string, input: string) => useRecoveryCode(t.db, { userId, input, key, now });

  it('stores 10 codes as keyed hashes only and returns the plain codes once', async () => {
    const { user, codes } = await setUp();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
    const rows = await t.db.recoveryCode.findMany({ where: { userId: user.id }, select: { codeHash: true, createdAt: true, usedAt: true } });
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.createdAt).toEqual(now);
      expect(row.usedAt).toBeNull();
    }
    const stored = rows.map((r) => r.codeHash).join(' ');
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ''));
    }
    expect(await countRecoveryCodes(t.db, user.id)).toEqual({ total: 10, unused: 10 });
  });

  it('accepts each code once, counting down what remains', async () => {
    const { user, codes } = await setUp();
    for (const [i, code] of codes.entries()) {
      expect(await use(user.id, code)).toEqual({ ok: true, remaining: 9 - i });
    }
    expect(await countRecoveryCodes(t.db, user.id)).toEqual({ total: 10, unused: 0 });
    const rows = await t.db.recoveryCode.findMany({ where: { userId: user.id }, select: { usedAt: true } });
    for (const row of rows) expect(row.usedAt).toEqual(now);
  });

  it('refuses a code used before', async () => {
    const { user, codes } = await setUp();
    expect(await use(user.id, codes[3]!)).toEqual({ ok: true, remaining: 9 });
    expect(await use(user.id, codes[3]!)).toEqual({ ok: false, reason: 'wrong' });
    expect(await use(user.id, codes[3]!.toUpperCase().replace(/-/g, ' '))).toEqual({ ok: false, reason: 'wrong' });
    expect(await countRecoveryCodes(t.db, user.id)).toEqual({ total: 10, unused: 9 });
  });

  it('lets exactly one of two simultaneous uses of a code succeed', async () => {
    const { user, codes } = await setUp();
    for (const code of codes.slice(0, 3)) {
      const results = await Promise.all([use(user.id, code), use(user.id, code)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'wrong' }]);
    }
    expect(await countRecoveryCodes(t.db, user.id)).toEqual({ total: 10, unused: 7 });
  });

  it('reads a code typed in upper case, without dashes or with look-alike letters', async () => {
    const { user, codes } = await setUp();
    expect(await use(user.id, codes[0]!.toUpperCase())).toMatchObject({ ok: true });
    expect(await use(user.id, `  ${codes[1]!.replace(/-/g, '')}  `)).toMatchObject({ ok: true });
    expect(await use(user.id, codes[2]!.replace(/-/g, ' '))).toMatchObject({ ok: true });
    // A known code with 0 and 1 in it, stored the way replaceRecoveryCodes stores codes.
    await t.db.recoveryCode.create({ data: { userId: user.id, codeHash: hashRecoveryCode('0011abcdefgh', key) } });
    expect(await use(user.id, 'OoIl-ABCD-efgh')).toEqual({ ok: true, remaining: 7 });
  });

  it("never accepts another user's code, and leaves it usable by its owner", async () => {
    const owner = await setUp();
    const other = await setUp();
    expect(await use(other.user.id, owner.codes[0]!)).toEqual({ ok: false, reason: 'wrong' });
    expect(await countRecoveryCodes(t.db, owner.user.id)).toEqual({ total: 10, unused: 10 });
    expect(await countRecoveryCodes(t.db, other.user.id)).toEqual({ total: 10, unused: 10 });
    expect(await use(owner.user.id, owner.codes[0]!)).toEqual({ ok: true, remaining: 9 });
  });

  it('refuses a code under another key', async () => {
    const { user, codes } = await setUp();
    expect(await useRecoveryCode(t.db, { userId: user.id, input: codes[0]!, key: randomBytes(32), now })).toEqual({ ok: false, reason: 'wrong' });
    expect(await countRecoveryCodes(t.db, user.id)).toEqual({ total: 10, unused: 10 });
  });

  it.each([[''], ['abcd-efgh-jkm'], ['abcd-efgh-jkmu'], ["' OR 1=1 --"], ['x'.repeat(5000)], ['١٢٣٤-٥٦٧٨-٩٠١٢']])(
    'calls %j malformed and changes nothing',
    async (input) => {
      const { user } = await setUp();
      expect(await use(user.id, input)).toEqual({ ok: false, reason: 'malformed' });
      expect(await countRecoveryCodes(t.db, user.id)).toEqual({ total: 10, unused: 10 });
    },
  );

  it('calls a well-formed code that was never issued wrong', async () => {
    const { user } = await setUp();
    expect(await use(user.id, '0000-0000-0000')).toEqual({ ok: false, reason: 'wrong' });
  });

  it('replaces every code: old ones, used or not, stop working and the new ones work', async () => {
    const { user, codes: old } = await setUp();
    await use(user.id, old[0]!);
    await use(user.id, old[1]!);
    expect(await countRecoveryCodes(t.db, user.id)).toEqual({ total: 10, unused: 8 });
    const fresh = await replaceRecoveryCodes(t.db, { userId: user.id, key, now });
    expect(fresh.filter((c) => old.includes(c))).toEqual([]);
    expect(await countRecoveryCodes(t.db, user.id)).toEqual({ total: 10, unused: 10 });
    for (const code of old.slice(1, 5)) expect(await use(user.id, code)).toEqual({ ok: false, reason: 'wrong' });
    expect(await use(user.id, fresh[9]!)).toEqual({ ok: true, remaining: 9 });
  });

  it("replaces only the given user's codes", async () => {
    const a = await setUp();
    const b = await setUp();
    await replaceRecoveryCodes(t.db, { userId: a.user.id, key, now });
    expect(await use(b.user.id, b.codes[0]!)).toEqual({ ok: true, remaining: 9 });
  });

  it("joins a caller's transaction and rolls back with it", async () => {
    const { user, codes } = await setUp();
    await expect(
      t.db.$transaction(async (tx) => {
        const fresh = await replaceRecoveryCodes(tx, { userId: user.id, key, now });
        expect(await useRecoveryCode(tx, { userId: user.id, input: fresh[0]!, key, now })).toEqual({ ok: true, remaining: 9 });
        expect(await countRecoveryCodes(tx, user.id)).toEqual({ total: 10, unused: 9 });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await countRecoveryCodes(t.db, user.id)).toEqual({ total: 10, unused: 10 });
    expect(await use(user.id, codes[0]!)).toEqual({ ok: true, remaining: 9 });
  });

  it('counts nothing for a user without codes', async () => {
    const user = await createTestUser(t.db);
    expect(await countRecoveryCodes(t.db, user.id)).toEqual({ total: 0, unused: 0 });
    expect(await use(user.id, '0000-0000-0000')).toEqual({ ok: false, reason: 'wrong' });
  });
});
