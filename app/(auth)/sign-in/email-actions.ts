'use server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { publicAction } from '@/lib/actions/safe-action';
import { returnUrlPolicyOf, safeReturnUrl } from '@/lib/auth/return-url';
import { setSessionCookie } from '@/lib/auth/session-cookie';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { hasSecondFactor } from '@/lib/mfa/has-second-factor';
import { readRequireTwoFactor } from '@/lib/rules/rule-settings';
import { confirmEmailLink, requestEmailLink } from '@/lib/signup/email-link';
import { ZEmail } from '@/lib/users/schemas';

export const requestEmailLinkAction = publicAction('app/(auth)/sign-in/email-actions.ts#requestEmailLinkAction', z.object({ email: ZEmail, rd: z.string().max(4096).optional() }), async ({ email, rd }, { meta }) => {
  const env = getEnv();
  const { message } = await requestEmailLink(getDb(), { email, returnTo: safeReturnUrl(rd, returnUrlPolicyOf(env)), meta, env });
  return { status: 'success', message, values: { email } };
});

export const confirmEmailLinkAction = publicAction('app/(auth)/sign-in/email-actions.ts#confirmEmailLinkAction', z.object({ token: z.string().max(100) }), async ({ token }, { meta }) => {
  const env = getEnv();
  const db = getDb();
  const result = await confirmEmailLink(db, { token, meta, env });
  if (result.kind === 'refused') return { status: 'error', message: result.message };
  if (result.kind === 'pending') redirect('/sign-in/waiting');
  await setSessionCookie(result.token, result.expiresAt);
  const target = safeReturnUrl(result.returnTo ?? undefined, returnUrlPolicyOf(env)) ?? '/';
  if ((await hasSecondFactor(db, result.userId)) || (await readRequireTwoFactor(db))) redirect(`/sign-in/second-factor?rd=${encodeURIComponent(target)}`);
  redirect(target);
});
