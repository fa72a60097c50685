'use server';
import { redirect } from 'next/navigation';
import { publicAction } from '@/lib/actions/safe-action';
import { returnUrlPolicyOf, safeReturnUrl } from '@/lib/auth/return-url';
import { setSessionCookie } from '@/lib/auth/session-cookie';
import { signInWithPassword } from '@/lib/auth/sign-in-with-password';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { ZSignIn } from './schemas';

export const signInAction = publicAction(ZSignIn, async (input, { meta }) => {
  const env = getEnv();
  const result = await signInWithPassword(getDb(), { login: input.login, password: input.password, meta, sessionMaxAgeMs: env.session.maxAgeMs });
  if (!result.ok) return { status: 'error', message: result.message, values: { login: input.login, rd: input.rd ?? '' } };
  await setSessionCookie(result.token, result.expiresAt);
  redirect(safeReturnUrl(input.rd, returnUrlPolicyOf(env)) ?? '/');
});
