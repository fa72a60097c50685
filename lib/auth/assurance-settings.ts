/**
 * The admin setting "admins must use a second factor" (on unless an admin turns it off), kept in
 * the Setting table like the other portal-wide switches. While it is on, an admin without a
 * second factor is led to add one before any admin page (lib/auth/assurance.ts).
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db, DbOrTx } from '../db';
import type { RequestMeta } from '../http/request-meta-types';

export const ADMINS_MUST_USE_SECOND_FACTOR_KEY = 'auth.admins_must_use_second_factor';

/** On unless stored as exactly "false": a missing or unreadable value keeps the safer setting. */
export async function readAdminsMustUseSecondFactor(db: DbOrTx): Promise<boolean> {
  const row = await db.setting.findUnique({ where: { key: ADMINS_MUST_USE_SECOND_FACTOR_KEY }, select: { value: true } });
  return row?.value !== 'false';
}

/** Turns the setting on or off; the change and its audit event commit together. */
export async function setAdminsMustUseSecondFactor(db: Db, input: { required: boolean; actor: AuditParty; meta: RequestMeta }): Promise<{ changed: boolean }> {
  return db.$transaction(async (tx) => {
    const before = await readAdminsMustUseSecondFactor(tx);
    if (before === input.required) return { changed: false };
    const value = String(input.required);
    await tx.setting.upsert({
      where: { key: ADMINS_MUST_USE_SECOND_FACTOR_KEY },
      create: { key: ADMINS_MUST_USE_SECOND_FACTOR_KEY, value },
      update: { value },
    });
    await logEvent(tx, {
      type: 'auth.admins_second_factor_changed',
      actor: input.actor,
      target: { type: 'setting', id: ADMINS_MUST_USE_SECOND_FACTOR_KEY, name: 'admins must use a second factor' },
      meta: input.meta,
      data: { from: before, to: input.required },
    });
    return { changed: true };
  });
}
