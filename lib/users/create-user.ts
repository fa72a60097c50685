/**
 * An admin creates a local user (active, no password yet) who is mailed a one-time link to
 * choose a password. User, groups, link and audit event commit together; the mail goes after
 * the commit, and a failed delivery is reported without undoing the account (the admin can
 * send a new link from the user list).
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import { requireSudoIf } from '../auth/sudo';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { issueOneTimeToken } from '../links/one-time-token';
import { assertIdentityFree, isUniqueViolation } from './assert-identity-free';
import { ensureGroups } from './ensure-groups';
import { mailPasswordLink, type PasswordLinkDelivery } from './mail-password-link';

export type CreateUserInput = {
  username: string;
  email: string;
  displayName: string;
  groups: string[];
  /** The acting session is in sudo mode (lib/auth/sudo.ts): needed when the change makes or unmakes an admin. */
  sudo: boolean;
  actor: AuditParty;
  meta: RequestMeta;
  baseUrl: string;
  appName: string;
  passwordLinkTtlMs: number;
};

export async function createUser(db: Db, input: CreateUserInput): Promise<{ userId: string; delivery: PasswordLinkDelivery }> {
  let created: { userId: string; token: string };
  try {
    created = await db.$transaction(async (tx) => {
      requireSudoIf(input.groups.includes(ADMIN_GROUP), input.sudo);
      await assertIdentityFree(tx, input);
      const user = await tx.user.create({
        data: {
          username: input.username,
          email: input.email,
          displayName: input.displayName,
          status: 'active',
          statusChangedById: input.actor.id,
        },
        select: { id: true },
      });
      const groups = await ensureGroups(tx, input.groups);
      if (groups.length) await tx.userGroup.createMany({ data: groups.map((g) => ({ userId: user.id, groupId: g.id })) });
      const { token } = await issueOneTimeToken(tx, {
        purpose: 'password_set',
        userId: user.id,
        createdById: input.actor.id,
        ttlMs: input.passwordLinkTtlMs,
      });
      await logEvent(tx, {
        type: 'user.created',
        actor: input.actor,
        target: { type: 'user', id: user.id, name: input.username },
        meta: input.meta,
        data: { email: input.email, groups: input.groups.join(','), source: 'admin' },
      });
      return { userId: user.id, token };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'That username or email address was just taken.', 'username');
    throw error;
  }
  const delivery = await mailPasswordLink(db, {
    ...input,
    userId: created.userId,
    token: created.token,
    isNewAccount: true,
  });
  return { userId: created.userId, delivery };
}
