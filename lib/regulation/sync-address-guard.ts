/**
 * The database side of the device-token guard (address-guard.ts), run every few seconds off the
 * request path: writes the failures counted in memory into the shared counters (CredentialFailure
 * / CredentialLock, scope "credentials", subject "ip:<address>", the same as every other
 * credential check, so bans are audited, shown on /admin/bans, shared by every instance and kept
 * across restarts), then reads back the address bans in force.
 */
import type { RegulationPolicy } from '../config';
import type { Db, DbOrTx } from '../db';
import type { AddressGuard } from './address-guard';
import { CREDENTIALS_SCOPE, parseSubject, recordCredentialFailure } from './credentials';

/** Address bans in force at `now` (any credential check placed them): address → end (ms). */
export async function loadAddressBans(db: DbOrTx, now: Date): Promise<Map<string, number>> {
  const locks = await db.credentialLock.findMany({
    where: { scope: { in: [CREDENTIALS_SCOPE, 'second_factor'] }, subject: { startsWith: 'ip:' }, liftedAt: null, until: { gt: now } },
    select: { subject: true, until: true },
    take: 100_000,
  });
  const bans = new Map<string, number>();
  for (const lock of locks) {
    const address = parseSubject(lock.subject).value;
    bans.set(address, Math.max(bans.get(address) ?? 0, lock.until.getTime()));
  }
  return bans;
}

/**
 * Writes what the guard counted and refreshes its view of the bans. A database error leaves the
 * unwritten failures counted for the next call and the previous bans in force; it is thrown for
 * the caller to log.
 */
export async function syncAddressGuard(
  db: Db,
  guard: AddressGuard,
  input: { policy: RegulationPolicy; now?: Date },
): Promise<{ written: number; banned: string[] }> {
  const now = input.now ?? new Date();
  const pending = guard.drain();
  let written = 0;
  const banned: string[] = [];
  for (let i = 0; i < pending.length; i++) {
    const { ip, count, at } = pending[i]!;
    // More than one ban's worth changes nothing: the rest are dropped.
    const todo = Math.min(count, input.policy.maxFailures);
    for (let k = 0; k < todo; k++) {
      let result: Awaited<ReturnType<typeof recordCredentialFailure>>;
      try {
        result = await recordCredentialFailure(db, { ip, policy: input.policy, now: new Date(at), meta: { ip, userAgent: null }, check: 'device token' });
      } catch (error) {
        guard.restore([{ ip, count: todo - k, at }, ...pending.slice(i + 1)]);
        throw error;
      }
      written++;
      if (result.placed.length) banned.push(ip);
      if (result.lockedUntil) break;
    }
  }
  guard.replaceBans(await loadAddressBans(db, now), now.getTime());
  return { written, banned };
}
