'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/safe-action';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { createUser } from '@/lib/users/create-user';
import { ZDisplayName, ZEmail, ZGroupList, ZUsername } from '@/lib/users/schemas';
import { sendPasswordLink } from '@/lib/users/send-password-link';
import { setUserStatus } from '@/lib/users/set-user-status';
import { provisionIfConnected, provisionPaperlessUser } from '@/lib/paperless/provision-user';
import { rotateRealToken } from '@/lib/paperless/real-token';
import { revokeAppToken } from '@/lib/paperless/app-tokens';
import { approveSignup } from '@/lib/signup/approve-signup';
import { rejectSignup } from '@/lib/signup/reject-signup';
import { deleteUser } from '@/lib/users/delete-user';
import { revokeAllAppTokensOf } from '@/lib/users/revoke-user-app-tokens';
import { revokeAllSessionsOf } from '@/lib/users/revoke-user-sessions';
import { setUserGroups } from '@/lib/users/set-user-groups';

function deliveryNote(delivery: { ok: true; via: 'smtp' | 'outbox' } | { ok: false; error: string }, email: string): string {
  if (!delivery.ok) return `but the email to ${email} could not be sent (${delivery.error}). Use "Send password link" to try again.`;
  return delivery.via === 'smtp'
    ? `A link to choose a password was emailed to ${email}.`
    : `No mail server is configured, so the email to ${email} was kept in the outbox (Admin → Mail).`;
}

export const createUserAction = adminAction(
  'app/(dashboard)/admin/users/actions.ts#createUserAction',
  z.object({ username: ZUsername, email: ZEmail, displayName: ZDisplayName, groups: ZGroupList.optional().default([]) }),
  async (input, { actor, sudo, meta }) => {
    const env = getEnv();
    const { userId: createdId, delivery } = await createUser(getDb(), {
      ...input,
      sudo,
      actor,
      meta,
      baseUrl: env.url,
      appName: env.appName,
      passwordLinkTtlMs: env.passwordLinkTtlMs,
    });
    const paperless = await provisionIfConnected(getDb(), { userId: createdId, actor, meta, env });
    revalidatePath('/admin/users');
    return {
      status: delivery.ok ? 'success' : 'error',
      message: `Created ${input.username}. ${deliveryNote(delivery, input.email)}${paperless ? ` ${paperless}` : ''}`,
      data: { username: input.username },
    };
  },
);

export const sendPasswordLinkAction = adminAction(
  'app/(dashboard)/admin/users/actions.ts#sendPasswordLinkAction',
  z.object({ userId: z.string().min(1).max(64) }),
  async ({ userId }, { actor, meta }) => {
    const env = getEnv();
    const delivery = await sendPasswordLink(getDb(), {
      userId,
      actor,
      meta,
      baseUrl: env.url,
      appName: env.appName,
      passwordLinkTtlMs: env.passwordLinkTtlMs,
    });
    if (!delivery.ok) return { status: 'error', message: `The email could not be sent: ${delivery.error}` };
    return { status: 'success', message: delivery.via === 'smtp' ? 'Password link sent.' : 'Password link kept in the outbox (Admin → Mail).' };
  },
);

const UserIdInput = z.object({ userId: z.string().min(1).max(64) });

export const setUserStatusAction = adminAction(
  'app/(dashboard)/admin/users/actions.ts#setUserStatusAction',
  UserIdInput.extend({ status: z.enum(['active', 'disabled']) }),
  async ({ userId, status }, { actor, meta }) => {
    const done = await setUserStatus(getDb(), { userId, status, actor, meta, env: getEnv() });
    revalidatePath('/admin/users');
    const what =
      status === 'disabled'
        ? `${done.username} is disabled: ${done.sessionsEnded} session${done.sessionsEnded === 1 ? '' : 's'} ended, ${done.tokensRevoked} device token${done.tokensRevoked === 1 ? '' : 's'} revoked.`
        : `${done.username} is active again.`;
    return { status: done.paperless.ok ? 'success' : 'error', message: `${what} ${done.paperless.message}`.trim() };
  },
);

export const provisionPaperlessAction = adminAction(
  'app/(dashboard)/admin/users/actions.ts#provisionPaperlessAction',
  UserIdInput,
  async ({ userId }, { actor, meta }) => {
    const result = await provisionPaperlessUser(getDb(), { userId, actor, meta, env: getEnv() });
    revalidatePath('/admin/users');
    const warnings = result.warnings.map((w) => w.message).join(' ');
    return {
      status: 'success',
      message: `${result.created ? 'Created' : 'Found'} Paperless user ${result.paperlessUsername} (#${result.paperlessUserId}) with ${result.groups.length} group${result.groups.length === 1 ? '' : 's'}.${warnings ? ` Warning: ${warnings}` : ''}`,
    };
  },
);

export const rotatePaperlessTokenAction = adminAction(
  'app/(dashboard)/admin/users/actions.ts#rotatePaperlessTokenAction',
  UserIdInput,
  async ({ userId }, { actor, meta }) => {
    await rotateRealToken(getDb(), { userId, actor, meta, env: getEnv() });
    revalidatePath('/admin/users');
    return { status: 'success', message: 'The Paperless token is replaced. Their devices keep working with their own tokens.' };
  },
);

// ── The user page (/admin/users/[userId]) ────────────────────────────────────────────────────

const GroupNamesField = z
  .string()
  .max(2000)
  .transform((text) => [
    ...new Set(
      text
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean),
    ),
  ]);

function revalidateUser(userId: string) {
  revalidatePath('/admin/users');
  revalidatePath(`/admin/users/${userId}`);
}

export const approveUserAction = adminAction('app/(dashboard)/admin/users/actions.ts#approveUserAction', UserIdInput, async ({ userId }, { actor, meta }) => {
  const done = await approveSignup(getDb(), { userId, groups: [], sudo: false, actor, meta, env: getEnv() });
  revalidateUser(userId);
  return {
    status: 'success',
    message: `${done.username} is approved.${done.mailed ? ' They were told by email.' : ' The email to them could not be sent.'}${done.paperless ? ` ${done.paperless}` : ''}`,
  };
});

export const rejectUserAction = adminAction(
  'app/(dashboard)/admin/users/actions.ts#rejectUserAction',
  UserIdInput.extend({ reason: z.string().trim().max(300, 'Keep the reason under 300 characters.').optional().default('') }),
  async ({ userId, reason }, { actor, meta }) => {
    const done = await rejectSignup(getDb(), { userId, reason: reason || null, actor, meta, env: getEnv() });
    revalidateUser(userId);
    return {
      status: 'success',
      message: `${done.username} is rejected.${done.mailed ? ' They were told by email.' : ' The email to them could not be sent.'}`,
    };
  },
);

export const setUserStatusOnPageAction = adminAction(
  'app/(dashboard)/admin/users/actions.ts#setUserStatusOnPageAction',
  UserIdInput.extend({ status: z.enum(['active', 'disabled']) }),
  async ({ userId, status }, { actor, meta }) => {
    const done = await setUserStatus(getDb(), { userId, status, actor, meta, env: getEnv() });
    revalidateUser(userId);
    const what =
      status === 'disabled'
        ? `${done.username} is disabled: ${done.sessionsEnded} session${done.sessionsEnded === 1 ? '' : 's'} ended, ${done.tokensRevoked} device token${done.tokensRevoked === 1 ? '' : 's'} revoked.`
        : `${done.username} is active again.`;
    return { status: done.paperless.ok ? 'success' : 'error', message: `${what} ${done.paperless.message}`.trim() };
  },
);

export const setUserGroupsAction = adminAction(
  'app/(dashboard)/admin/users/actions.ts#setUserGroupsAction',
  UserIdInput.extend({ groups: ZGroupList, expectedGroups: GroupNamesField }),
  async ({ userId, groups, expectedGroups }, { actor, sudo, meta }) => {
    const done = await setUserGroups(getDb(), { userId, groups, expectedGroups, sudo, actor, meta });
    revalidateUser(userId);
    if (!done.added.length && !done.removed.length) return { status: 'success', message: `The groups of ${done.username} are unchanged.` };
    return {
      status: 'success',
      message: `Saved the groups of ${done.username}: ${done.groups.length ? done.groups.join(', ') : '(none)'}.`,
      values: { groups: done.groups.join(', ') },
    };
  },
);

export const revokeUserSessionsAction = adminAction(
  'app/(dashboard)/admin/users/actions.ts#revokeUserSessionsAction',
  UserIdInput,
  async ({ userId }, { actor, meta }) => {
    const done = await revokeAllSessionsOf(getDb(), { userId, actor, meta });
    revalidateUser(userId);
    return { status: 'success', message: `${done.ended} session${done.ended === 1 ? '' : 's'} of ${done.username} ended.` };
  },
);

export const revokeUserDeviceTokensAction = adminAction(
  'app/(dashboard)/admin/users/actions.ts#revokeUserDeviceTokensAction',
  UserIdInput,
  async ({ userId }, { actor, meta }) => {
    const done = await revokeAllAppTokensOf(getDb(), { userId, actor, meta });
    revalidateUser(userId);
    return { status: 'success', message: `${done.revoked} device token${done.revoked === 1 ? '' : 's'} of ${done.username} revoked.` };
  },
);

export const revokeUserDeviceTokenAction = adminAction(
  'app/(dashboard)/admin/users/actions.ts#revokeUserDeviceTokenAction',
  UserIdInput.extend({ tokenId: z.string().min(1).max(64) }),
  async ({ userId, tokenId }, { actor, meta }) => {
    const { label } = await revokeAppToken(getDb(), { tokenId, actor, asAdmin: true, meta });
    revalidateUser(userId);
    return { status: 'success', message: `"${label}" is revoked.` };
  },
);

export const deleteUserAction = adminAction(
  'app/(dashboard)/admin/users/actions.ts#deleteUserAction',
  UserIdInput.extend({ confirmUsername: z.string().max(100).optional().default('') }),
  async ({ userId, confirmUsername }, { actor, meta }) => {
    const done = await deleteUser(getDb(), { userId, confirmUsername, actor, meta, env: getEnv() });
    // No revalidatePath: the page would re-render as "not found" over the result. The list is dynamic anyway.
    return {
      status: done.paperless.ok ? 'success' : 'error',
      message:
        `${done.username} is deleted: ${done.sessionsEnded} session${done.sessionsEnded === 1 ? '' : 's'} ended, ${done.tokensRevoked} device token${done.tokensRevoked === 1 ? '' : 's'} revoked. Their audit trail stays. ${done.paperless.message}`.trim(),
      data: { deleted: done.username },
    };
  },
);
