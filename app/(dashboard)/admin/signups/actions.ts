'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/safe-action';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { approveSignup } from '@/lib/signup/approve-signup';
import { rejectSignup } from '@/lib/signup/reject-signup';
import { createInvitation, InvitationInput } from '@/lib/signup/create-invitation';
import { revokeInvitation } from '@/lib/signup/revoke-invitation';
import { ZGroupList } from '@/lib/users/schemas';

const UserId = z.string().min(1).max(64);

export const approveSignupAction = adminAction(
  'app/(dashboard)/admin/signups/actions.ts#approveSignupAction',
  z.object({ userId: UserId, groups: ZGroupList.optional().default([]) }),
  async ({ userId, groups }, { actor, sudo, meta }) => {
    // No revalidatePath: the decided row stays on screen with its result until the next visit.
    const done = await approveSignup(getDb(), { userId, groups, sudo, actor, meta, env: getEnv() });
    return {
      status: 'success',
      message: `${done.username} is approved${groups.length ? ` (groups: ${groups.join(', ')})` : ''}.${done.mailed ? ' They were told by email.' : ' The email to them could not be sent.'}${done.paperless ? ` ${done.paperless}` : ''}`,
    };
  },
);

export const rejectSignupAction = adminAction(
  'app/(dashboard)/admin/signups/actions.ts#rejectSignupAction',
  z.object({ userId: UserId, reason: z.string().trim().max(300, 'Keep the reason under 300 characters.').optional().default('') }),
  async ({ userId, reason }, { actor, meta }) => {
    const done = await rejectSignup(getDb(), { userId, reason: reason || null, actor, meta, env: getEnv() });
    return {
      status: 'success',
      message: `${done.username} is rejected.${done.mailed ? ' They were told by email.' : ' The email to them could not be sent.'}`,
    };
  },
);

export const inviteAction = adminAction(
  'app/(dashboard)/admin/signups/actions.ts#inviteAction',
  InvitationInput,
  async ({ email, groups }, { actor, sudo, meta }) => {
    const done = await createInvitation(getDb(), { email, groups, sudo, actor, meta, env: getEnv() });
    revalidatePath('/admin/signups');
    const delivery = done.delivery.ok
      ? done.delivery.via === 'smtp'
        ? 'The invitation was emailed.'
        : 'No mail server is configured: the invitation is in the outbox (Admin → Mail).'
      : `The email could not be sent (${done.delivery.error}); tell them to sign in with this address.`;
    return {
      status: done.delivery.ok ? 'success' : 'error',
      message: `${email} is invited until ${done.expiresAt.toISOString().slice(0, 10)}. ${delivery}`,
      data: { invited: email },
    };
  },
);

export const revokeInvitationAction = adminAction(
  'app/(dashboard)/admin/signups/actions.ts#revokeInvitationAction',
  z.object({ invitationId: UserId }),
  async ({ invitationId }, { actor, meta }) => {
    const { email } = await revokeInvitation(getDb(), { invitationId, actor, meta });
    revalidatePath('/admin/signups');
    return { status: 'success', message: `The invitation for ${email} is revoked.` };
  },
);
