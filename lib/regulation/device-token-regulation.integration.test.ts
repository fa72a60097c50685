/**
 * Device-token guesses (counted in memory on the verify path, address-guard.ts) written to and
 * read back from the shared regulation tables (sync-address-guard.ts), on SQLite and PostgreSQL:
 * the ban is placed and audited, two instances' guards count together, a ban placed by password
 * guessing also refuses device tokens from that address, a lifted ban ends everywhere, and a
 * database outage keeps the count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { AddressGuard } from './address-guard';
import { liftBan, listBans } from './bans';
import { CREDENTIALS_SCOPE, DEFAULT_REGULATION, recordCredentialFailure } from './credentials';
import { loadAddressBans, syncAddressGuard } from './sync-address-guard';

const POLICY = DEFAULT_REGULATION;
let ipCounter = 0;
const newIp = () => `203.0.113.${++ipCounter}`;
const admin = { id: 'admin-id', name: 'admin' };
const guess = (guard: AddressGuard, ip: string, n: number, tag: string) => {
  for (let i = 0; i < n; i++) guard.recordUnknown(ip, `${tag}-${i}`, Date.now());
};

describe.each(DIALECTS)('device-token regulation on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('five distinct unknown tokens: banned at once here, then written, audited and shown to admins', async () => {
    const guard = new AddressGuard(POLICY);
    const ip = newIp();
    guess(guard, ip, 5, 'a');
    expect(guard.isBanned(ip, Date.now())).toBe(true);
    const result = await syncAddressGuard(t.db, guard, { policy: POLICY });
    expect(result).toEqual({ written: 5, banned: [ip] });
    expect(guard.isBanned(ip, Date.now())).toBe(true);
    const lock = await t.db.credentialLock.findFirstOrThrow({ where: { subject: `ip:${ip}` } });
    expect(lock).toMatchObject({ scope: CREDENTIALS_SCOPE, failures: 5, liftedAt: null });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { type: 'regulation.banned', ip } });
    expect(JSON.parse(String(audit.data))).toMatchObject({ subject: 'address', address: ip, check: 'device token', failures: 5 });
    expect((await listBans(t.db)).some((b) => b.kind === 'address' && b.value === ip)).toBe(true);
    // Nothing left to write; a second sync changes nothing.
    expect(await syncAddressGuard(t.db, guard, { policy: POLICY })).toEqual({ written: 0, banned: [] });
    expect(await t.db.credentialLock.count({ where: { subject: `ip:${ip}` } })).toBe(1);
  });

  it('two instances, three guesses each from one address: counted together in the database, both refuse it', async () => {
    const one = new AddressGuard(POLICY);
    const two = new AddressGuard(POLICY);
    const ip = newIp();
    guess(one, ip, 3, 'one');
    guess(two, ip, 3, 'two');
    expect(one.isBanned(ip, Date.now()) || two.isBanned(ip, Date.now())).toBe(false);
    await Promise.all([syncAddressGuard(t.db, one, { policy: POLICY }), syncAddressGuard(t.db, two, { policy: POLICY })]);
    // Whichever wrote last placed the ban; one more round and both have read it.
    await Promise.all([syncAddressGuard(t.db, one, { policy: POLICY }), syncAddressGuard(t.db, two, { policy: POLICY })]);
    expect(one.isBanned(ip, Date.now())).toBe(true);
    expect(two.isBanned(ip, Date.now())).toBe(true);
    const locks = await t.db.credentialLock.findMany({ where: { subject: `ip:${ip}`, liftedAt: null } });
    expect(locks).toHaveLength(1);
    // Five placed the ban; a sixth is written only if it came before the ban was seen.
    expect(await t.db.credentialFailure.count({ where: { subject: `ip:${ip}` } })).toBeGreaterThanOrEqual(5);
  });

  it('an address banned for password guessing is refused device tokens too (one count for every credential)', async () => {
    const guard = new AddressGuard(POLICY);
    const ip = newIp();
    for (let i = 0; i < 5; i++) await recordCredentialFailure(t.db, { ip, policy: POLICY, meta: { ip, userAgent: 'vitest' } });
    expect(guard.isBanned(ip, Date.now())).toBe(false);
    await syncAddressGuard(t.db, guard, { policy: POLICY });
    expect(guard.isBanned(ip, Date.now())).toBe(true);
    // A user ban is not an address ban.
    expect([...(await loadAddressBans(t.db, new Date())).keys()].every((a) => !a.startsWith('user:'))).toBe(true);
  });

  it('a ban lifted by an admin ends on every instance at the next sync, and counting starts afresh', async () => {
    const guard = new AddressGuard(POLICY);
    const ip = newIp();
    guess(guard, ip, 5, 'lift');
    await syncAddressGuard(t.db, guard, { policy: POLICY });
    const ban = (await listBans(t.db)).find((b) => b.value === ip)!;
    await liftBan(t.db, { id: ban.id, actor: admin, meta: { ip: '192.0.2.1', userAgent: 'vitest' } });
    await syncAddressGuard(t.db, guard, { policy: POLICY });
    expect(guard.isBanned(ip, Date.now())).toBe(false);
    // The failures before the lift no longer count: four new guesses do not ban again.
    guess(guard, ip, 4, 'after');
    await syncAddressGuard(t.db, guard, { policy: POLICY });
    expect(guard.isBanned(ip, Date.now())).toBe(false);
    expect(await t.db.credentialLock.count({ where: { subject: `ip:${ip}`, liftedAt: null } })).toBe(0);
  });

  it('with the database away, the counted guesses wait and the bans already known still hold', async () => {
    const guard = new AddressGuard(POLICY);
    const banned = newIp();
    guess(guard, banned, 5, 'known');
    await syncAddressGuard(t.db, guard, { policy: POLICY });
    const ip = newIp();
    guess(guard, ip, 2, 'waiting');
    const broken = new Proxy(t.db, {
      get: (target, key) => (key === '$transaction' || key === 'credentialLock' ? () => Promise.reject(new Error('database away')) : Reflect.get(target, key)),
    });
    await expect(syncAddressGuard(broken, guard, { policy: POLICY })).rejects.toThrow('database away');
    expect(guard.isBanned(banned, Date.now())).toBe(true);
    // The first address's failures were being written when it failed: they count again next time.
    expect(await syncAddressGuard(t.db, guard, { policy: POLICY })).toMatchObject({ written: 2 });
    expect(await t.db.credentialFailure.count({ where: { subject: `ip:${ip}` } })).toBe(2);
  });
});
