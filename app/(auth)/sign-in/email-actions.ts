'use server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { publicAction } from '@/lib/actions/safe-action';
import { completeSignIn } from '@/lib/auth/complete-sign-in';
import { confirmEmailLink } from '@/lib/auth/email-link/confirm-email-link';
import { requestEmailLink } from '@/lib/auth/email-link/request-email-link';
import { returnUrlPolicyOf, safeReturnUrl } from '@/lib/auth/return-url';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { ZEmail } from '@/lib/users/schemas';

export const requestEmailLinkAction = publicAction(
  'app/(auth)/sign-in/email-actions.ts#requestEmailLinkAction',
  z.object({ email: ZEmail, rd: z.string().max(4096).optional() }),
  async ({ email, rd }, { meta }) => {
    const env = getEnv();
    const { message } = await requestEmailLink(getDb(), { email, returnTo: safeReturnUrl(rd, returnUrlPolicyOf(env)), meta, env });
    return { status: 'success', message, values: { email } };
  },
);

export const confirmEmailLinkAction = publicAction(
  'app/(auth)/sign-in/email-actions.ts#confirmEmailLinkAction',
  z.object({ token: z.string().max(100) }),
  async ({ token }, { meta }) => {
    const env = getEnv();
    const db = getDb();
    const result = await confirmEmailLink(db, { token, meta, env });
    if (result.kind === 'refused') return { status: 'error', message: result.message };
    if (result.kind === 'pending') redirect('/sign-in/waiting');
    redirect(await completeSignIn(db, { signedIn: { ...result, level: 'one_factor' }, returnTo: result.returnTo, env }));
  },
);
