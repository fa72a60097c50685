'use server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { actorOf } from '@/lib/actions/actor';
import { publicAction } from '@/lib/actions/safe-action';
import { getCurrentSession } from '@/lib/auth/current-session';
import { clearSessionCookie } from '@/lib/auth/session-cookie';
import { SIGNED_OUT, SIGNED_OUT_PARAM } from '@/lib/auth/signed-out-notice';
import { getDb } from '@/lib/db';
import { revokeSession } from '@/lib/sessions/revoke-session';

/** Ends this browser's session (also when it has already ended elsewhere) and clears the cookie. */
export const signOutAction = publicAction('app/(dashboard)/actions.ts#signOutAction', z.object({}), async (_input, { meta }) => {
  const current = await getCurrentSession();
  if (current.status === 'ok') {
    await revokeSession(getDb(), {
      sessionId: current.session.id,
      ownerId: current.user.id,
      actor: actorOf(current.user),
      reason: 'sign_out',
      meta,
    });
  }
  await clearSessionCookie();
  redirect(`/sign-in?${SIGNED_OUT_PARAM}=${SIGNED_OUT.here}`);
});
