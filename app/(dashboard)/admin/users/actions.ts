'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/safe-action';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { createUser } from '@/lib/users/create-user';
import { ZDisplayName, ZEmail, ZGroupList, ZUsername } from '@/lib/users/schemas';
import { sendPasswordLink } from '@/lib/users/send-password-link';
import { setUserStatus } from '@/lib/users/set-user-status';
import { provisionIfConnected, provisionPaperlessUser } from '@/lib/paperless/provision-user';
import { rotateRealToken } from '@/lib/paperless/real-token';

function deliveryNote(delivery: { ok: true; via: 'smtp' | 'outbox' } | { ok: false; error: string }, email: string): string {
  if (!delivery.ok) return `but the email to ${email} could not be sent (${delivery.error}). Use "Send password link" to try again.`;
  return delivery.via === 'smtp'
    ? `A link to choose a password was emailed to ${email}.`
    : `No mail server is configured, so the email to ${email} was kept in the outbox (Admin → Mail).`;
}

export const createUserAction = adminAction(
  z.object({ username: ZUsername, email: ZEmail, displayName: ZDisplayName, groups: ZGroupList.optional().default([]) }),
  async (input, { user, meta }) => {
    const env = getEnv();
    const { userId: createdId, delivery } = await createUser(getDb(), {
      ...input,
      actor: { id: user.id, name: user.username },
      meta,
      baseUrl: env.url,
      appName: env.appName,
      passwordLinkTtlMs: env.passwordLinkTtlMs,
    });
    const paperless = await provisionIfConnected(getDb(), { userId: createdId, actor: { id: user.id, name: user.username }, meta, env });
    revalidatePath('/admin/users');
    return {
      status: delivery.ok ? 'success' : 'error',
      message: `Created ${input.username}. ${deliveryNote(delivery, input.email)}${paperless ? ` ${paperless}` : ''}`,
      data: { username: input.username },
    };
  },
);

export const sendPasswordLinkAction = adminAction(z.object({ userId: z.string().min(1).max(64) }), async ({ userId }, { user, meta }) => {
  const env = getEnv();
  const delivery = await sendPasswordLink(getDb(), {
    userId,
    actor: { id: user.id, name: user.username },
    meta,
    baseUrl: env.url,
    appName: env.appName,
    passwordLinkTtlMs: env.passwordLinkTtlMs,
  });
  if (!delivery.ok) return { status: 'error', message: `The email could not be sent: ${delivery.error}` };
  return { status: 'success', message: delivery.via === 'smtp' ? 'Password link sent.' : 'Password link kept in the outbox (Admin → Mail).' };
});

const UserIdInput = z.object({ userId: z.string().min(1).max(64) });

export const setUserStatusAction = adminAction(UserIdInput.extend({ status: z.enum(['active', 'disabled']) }), async ({ userId, status }, { user, meta }) => {
  const done = await setUserStatus(getDb(), { userId, status, actor: { id: user.id, name: user.username }, meta, env: getEnv() });
  revalidatePath('/admin/users');
  const what =
    status === 'disabled'
      ? `${done.username} is disabled: ${done.sessionsEnded} session${done.sessionsEnded === 1 ? '' : 's'} ended, ${done.tokensRevoked} device token${done.tokensRevoked === 1 ? '' : 's'} revoked.`
      : `${done.username} is active again.`;
  return { status: done.paperless.ok ? 'success' : 'error', message: `${what} ${done.paperless.message}`.trim() };
});

export const provisionPaperlessAction = adminAction(UserIdInput, async ({ userId }, { user, meta }) => {
  const result = await provisionPaperlessUser(getDb(), { userId, actor: { id: user.id, name: user.username }, meta, env: getEnv() });
  revalidatePath('/admin/users');
  const warnings = result.warnings.map((w) => w.message).join(' ');
  return {
    status: 'success',
    message: `${result.created ? 'Created' : 'Found'} Paperless user ${result.paperlessUsername} (#${result.paperlessUserId}) with ${result.groups.length} group${result.groups.length === 1 ? '' : 's'}.${warnings ? ` Warning: ${warnings}` : ''}`,
  };
});

export const rotatePaperlessTokenAction = adminAction(UserIdInput, async ({ userId }, { user, meta }) => {
  await rotateRealToken(getDb(), { userId, actor: { id: user.id, name: user.username }, meta, env: getEnv() });
  revalidatePath('/admin/users');
  return { status: 'success', message: 'The Paperless token is replaced. Their devices keep working with their own tokens.' };
});
