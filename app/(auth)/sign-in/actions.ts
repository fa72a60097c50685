'use server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { publicAction, publicCall } from '@/lib/actions/safe-action';
import { completeSignIn } from '@/lib/auth/complete-sign-in';
import { passkeySignInOptions, signInWithPasskey } from '@/lib/auth/passkey/sign-in-with-passkey';
import { signInWithPassword } from '@/lib/auth/password/sign-in-with-password';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { ZWebauthnResponse } from '@/lib/mfa/webauthn-json';
import { ZSignIn } from './schemas';

export const signInAction = publicAction('app/(auth)/sign-in/actions.ts#signInAction', ZSignIn, async (input, { meta }) => {
  const env = getEnv();
  const result = await signInWithPassword(getDb(), {
    login: input.login,
    password: input.password,
    meta,
    sessionMaxAgeMs: env.session.maxAgeMs,
    regulation: env.regulation,
    directory: env.directory,
  });
  if (!result.ok) return { status: 'error', message: result.message, values: { login: input.login, rd: input.rd ?? '' } };
  redirect(await completeSignIn(getDb(), { signedIn: { ...result, level: 'one_factor' }, returnTo: input.rd, env }));
});

export const passkeyOptionsCall = publicCall('app/(auth)/sign-in/actions.ts#passkeyOptionsCall', z.object({}), async () =>
  passkeySignInOptions(getDb(), { env: getEnv() }),
);

export const passkeySignInCall = publicCall(
  'app/(auth)/sign-in/actions.ts#passkeySignInCall',
  z.object({ response: ZWebauthnResponse, rd: z.string().max(4096).optional() }),
  async ({ response, rd }, { meta }) => {
    const env = getEnv();
    const session = await signInWithPasskey(getDb(), { response: response as unknown as Parameters<typeof signInWithPasskey>[1]['response'], meta, env });
    return completeSignIn(getDb(), { signedIn: { ...session, level: 'two_factor' }, returnTo: rd, env });
  },
);
