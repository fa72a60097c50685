/**
 * A directory user whose password the directory just accepted becomes (or stays) a Gatehouse
 * account, by the rule of decide-directory-account.ts: created (active, or pending outside the
 * allowed groups when GATEHOUSE_LDAP_OTHERS=pending) or updated, with its directory groups, in ONE
 * transaction with the audit events (`user.created`, `user.groups_changed`). A refusal writes
 * nothing. Two first sign-ins at once: the loser of the unique constraint retries once and finds
 * the account the winner created.
 *
 * Exported (stable): `provisionDirectoryUser(db, settings, directoryUser, meta) → ProvisionResult`.
 */
import { logEvent } from '../audit/log-event';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { isUniqueViolation } from '../users/assert-identity-free';
import { applyDirectoryUser, displayNameOf } from './apply-directory-user';
import { type DirectoryRefusal, decideDirectoryAccount, findExistingAccounts } from './decide-directory-account';
import type { DirectorySettings } from './directory-settings';
import type { DirectoryUser } from './map-directory-entry';

export type ProvisionResult =
  | { ok: true; user: { id: string; username: string; status: string }; created: boolean }
  | { ok: false; reason: DirectoryRefusal; message: string };

async function provisionOnce(db: Db, settings: DirectorySettings, du: DirectoryUser, meta: RequestMeta, now: Date): Promise<ProvisionResult> {
  const decision = decideDirectoryAccount(du, settings, await findExistingAccounts(db, du));
  if (decision.outcome === 'refuse') return { ok: false, reason: decision.reason, message: decision.message };
  const { user, created } = await db.$transaction(async (tx) => {
    if (decision.outcome === 'create') {
      const made = await tx.user.create({
        data: {
          username: decision.username,
          email: decision.email,
          displayName: displayNameOf(du),
          status: decision.status,
          statusChangedAt: now,
          signupMethod: 'directory',
          authSource: 'directory',
          directoryUid: du.uid,
          directoryDn: du.dn,
        },
        select: { id: true, username: true },
      });
      await logEvent(tx, {
        type: 'user.created',
        target: { type: 'user', id: made.id, name: made.username },
        meta,
        data: { method: 'directory', status: decision.status, dn: du.dn.slice(0, 300) },
      });
      return { user: made, applied: await applyDirectoryUser(tx, made.id, du, settings), created: true };
    }
    const { account } = decision;
    const rename = account.username !== decision.username ? { username: decision.username } : {};
    if (decision.status !== account.status || rename.username) {
      await tx.user.update({
        where: { id: account.id },
        data: { ...rename, ...(decision.status !== account.status ? { status: decision.status, statusChangedAt: now } : {}) },
      });
    }
    if (decision.status !== account.status) {
      await logEvent(tx, {
        type: 'user.enabled',
        target: { type: 'user', id: account.id, name: account.username },
        meta,
        data: { source: 'directory', was: account.status },
      });
    }
    return { user: { id: account.id, username: decision.username }, applied: await applyDirectoryUser(tx, account.id, du, settings), created: false };
  });
  return { ok: true, user: { ...user, status: decision.status }, created };
}

export async function provisionDirectoryUser(
  db: Db,
  settings: DirectorySettings,
  du: DirectoryUser,
  meta: RequestMeta,
  now = new Date(),
): Promise<ProvisionResult> {
  try {
    return await provisionOnce(db, settings, du, meta, now);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return provisionOnce(db, settings, du, meta, now);
  }
}
