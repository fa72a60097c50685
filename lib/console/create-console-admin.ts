/**
 * An admin account created at the server's shell (every admin lost): active, in the admins group,
 * no password yet; the set-password link is printed, not mailed. User, group membership, link and
 * audit event commit together. The new admin enrols a second factor at first sign-in as usual.
 */
import { logEvent } from '../audit/log-event';
import { ADMIN_GROUP } from '../auth/account-gate';
import type { Db } from '../db';
import { AppError } from '../errors';
import { z } from 'zod';
import { ZDisplayName, ZEmail, ZUsername } from '../users/schemas';
import { assertIdentityFree, isUniqueViolation } from '../users/assert-identity-free';
import { ensureGroups } from '../users/ensure-groups';
import { CONSOLE_ACTOR, CONSOLE_META } from './console-actor';
import { issuePasswordSetToken } from './issue-console-password-link';

export async function createConsoleAdmin(
  db: Db,
  input: { username: string; email: string; displayName: string; baseUrl: string; passwordLinkTtlMs: number; now?: Date },
): Promise<{ username: string; url: string }> {
  const parsed = z.object({ username: ZUsername, email: ZEmail, displayName: ZDisplayName }).safeParse(input);
  if (!parsed.success) throw new AppError('INVALID', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join(' '));
  const { username, email, displayName } = parsed.data;
  const now = input.now ?? new Date();
  try {
    const token = await db.$transaction(async (tx) => {
      await assertIdentityFree(tx, { username, email });
      const user = await tx.user.create({
        data: { username, email, displayName, status: 'active', statusChangedById: CONSOLE_ACTOR.id },
        select: { id: true },
      });
      const [admins] = await ensureGroups(tx, [ADMIN_GROUP]);
      if (admins) await tx.userGroup.create({ data: { userId: user.id, groupId: admins.id } });
      const issued = await issuePasswordSetToken(tx, { userId: user.id, ttlMs: input.passwordLinkTtlMs, now });
      await logEvent(tx, {
        type: 'user.created',
        actor: CONSOLE_ACTOR,
        target: { type: 'user', id: user.id, name: username },
        meta: CONSOLE_META,
        data: { email, groups: ADMIN_GROUP, source: 'console' },
      });
      return issued;
    });
    return { username, url: `${input.baseUrl}/password/${token}` };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'That username or email address was just taken.');
    throw error;
  }
}
