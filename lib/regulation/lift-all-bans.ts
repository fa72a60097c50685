/**
 * Lifts every ban in force at once (the console's recovery command, when the admins themselves are
 * banned). One audit event per lifted subject, in the same transaction as the lift.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import { announce } from '../events/announce';
import type { RequestMeta } from '../http/request-meta-types';
import { parseSubject } from './credentials';

export async function liftAllBans(db: Db, input: { actor: AuditParty; meta: RequestMeta; now?: Date }): Promise<{ lifted: number; addresses: string[] }> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const locks = await tx.credentialLock.findMany({
      where: { liftedAt: null, until: { gt: now } },
      select: { id: true, subject: true, until: true, failures: true },
    });
    const addresses: string[] = [];
    let lifted = 0;
    for (const lock of locks) {
      // Conditional: a ban lifted meanwhile (by an admin) is not lifted or audited twice.
      const { count } = await tx.credentialLock.updateMany({ where: { id: lock.id, liftedAt: null }, data: { liftedAt: now } });
      if (count === 0) continue;
      lifted += 1;
      const { kind, value } = parseSubject(lock.subject);
      if (kind === 'address') addresses.push(value);
      const user = kind === 'user' ? await tx.user.findUnique({ where: { id: value }, select: { username: true } }) : null;
      await logEvent(tx, {
        type: 'regulation.lifted',
        actor: input.actor,
        target: kind === 'user' ? { type: 'user', id: value, name: user?.username ?? value } : null,
        meta: input.meta,
        data: { subject: kind, ...(kind === 'address' ? { address: value } : {}), until: lock.until.toISOString(), failures: lock.failures, all: true },
      });
    }
    // Running instances stop refusing these addresses' device tokens (on SQLite: at their next read of the bans).
    if (addresses.length) await announce(tx, 'address-bans-lifted', { addresses });
    return { lifted, addresses };
  });
}
