'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { userAction } from '@/lib/actions/safe-action';
import { clearSessionCookie } from '@/lib/auth/session-cookie';
import { SIGNED_OUT, SIGNED_OUT_PARAM } from '@/lib/auth/signed-out-notice';
import { getDb } from '@/lib/db';
import { revokeConsent } from '@/lib/oidc/consents/revoke-consent';
import { revokeSession, revokeUserSessions } from '@/lib/sessions/revoke-session';

export const revokeSessionAction = userAction(
  'app/(dashboard)/security/actions.ts#revokeSessionAction',
  z.object({ sessionId: z.string().min(1).max(64) }),
  async ({ sessionId }, { user, actor, session, meta }) => {
    await revokeSession(getDb(), { sessionId, ownerId: user.id, actor, reason: 'user', meta });
    if (sessionId === session.id) {
      await clearSessionCookie();
      redirect(`/sign-in?${SIGNED_OUT_PARAM}=${SIGNED_OUT.here}`);
    }
    revalidatePath('/security');
    return { status: 'success', message: 'The session was ended. That browser is signed out.' };
  },
);

export const signOutEverywhereAction = userAction(
  'app/(dashboard)/security/actions.ts#signOutEverywhereAction',
  z.object({ keepThis: z.enum(['yes', 'no']) }),
  async ({ keepThis }, { user, actor, session, meta }) => {
    const count = await revokeUserSessions(getDb(), {
      userId: user.id,
      exceptSessionId: keepThis === 'yes' ? session.id : undefined,
      actor,
      reason: 'sign_out_everywhere',
      meta,
    });
    if (keepThis === 'no') {
      await clearSessionCookie();
      redirect(`/sign-in?${SIGNED_OUT_PARAM}=${SIGNED_OUT.everywhere}`);
    }
    revalidatePath('/security');
    return { status: 'success', message: count === 0 ? 'No other sessions were open.' : `Signed out ${count} other session${count === 1 ? '' : 's'}.` };
  },
);

export const revokeConsentAction = userAction(
  'app/(dashboard)/security/actions.ts#revokeConsentAction',
  z.object({ clientId: z.string().min(1).max(200) }),
  async ({ clientId }, { user, actor, meta }) => {
    const { clientName } = await revokeConsent(getDb(), { userId: user.id, clientId, actor, meta });
    revalidatePath('/security');
    return { status: 'success', message: `${clientName} can no longer read your account. Its sign-ins and tokens are ended.` };
  },
);
