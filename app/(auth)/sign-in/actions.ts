'use server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { publicAction, publicCall } from '@/lib/actions/safe-action';
import { hasSecondFactor } from '@/lib/mfa/has-second-factor';
import { readRequireTwoFactor } from '@/lib/rules/rule-settings';
import { passkeySignInOptions, signInWithPasskey } from '@/lib/mfa/passkey-sign-in';
import { ZWebauthnResponse } from '@/lib/mfa/webauthn-json';
import { returnUrlPolicyOf, safeReturnUrl } from '@/lib/auth/return-url';
import { setSessionCookie } from '@/lib/auth/session-cookie';
import { signInWithPassword } from '@/lib/auth/sign-in-with-password';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { ZSignIn } from './schemas';

export const signInAction = publicAction('app/(auth)/sign-in/actions.ts#signInAction', ZSignIn, async (input, { meta }) => {
  const env = getEnv();
  const result = await signInWithPassword(getDb(), { login: input.login, password: input.password, meta, sessionMaxAgeMs: env.session.maxAgeMs, regulation: env.regulation });
  if (!result.ok) return { status: 'error', message: result.message, values: { login: input.login, rd: input.rd ?? '' } };
  await setSessionCookie(result.token, result.expiresAt);
  const target = safeReturnUrl(input.rd, returnUrlPolicyOf(env)) ?? '/';
  // A user with a second factor is asked for it right away (the session is one-factor until then).
  // With "a second factor for everyone" on, a user without one is guided to set one up there.
  if ((await hasSecondFactor(getDb(), result.userId)) || (await readRequireTwoFactor(getDb()))) redirect(`/sign-in/second-factor?rd=${encodeURIComponent(target)}`);
  redirect(target);
});

export const passkeyOptionsCall = publicCall('app/(auth)/sign-in/actions.ts#passkeyOptionsCall', z.object({}), async () => passkeySignInOptions(getDb(), { env: getEnv() }));

export const passkeySignInCall = publicCall('app/(auth)/sign-in/actions.ts#passkeySignInCall', z.object({ response: ZWebauthnResponse, rd: z.string().max(4096).optional() }), async ({ response, rd }, { meta }) => {
  const env = getEnv();
  const session = await signInWithPasskey(getDb(), { response: response as unknown as Parameters<typeof signInWithPasskey>[1]['response'], meta, env });
  await setSessionCookie(session.token, session.expiresAt);
  return safeReturnUrl(rd, returnUrlPolicyOf(env)) ?? '/';
});
