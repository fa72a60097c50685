'use server';
import { redirect } from 'next/navigation';
import { publicAction } from '@/lib/actions/safe-action';
import { setSessionCookie } from '@/lib/auth/session-cookie';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { setPasswordWithLink } from '@/lib/users/set-password-with-link';
import { ZSetPassword } from './schemas';

export const setPasswordAction = publicAction('app/(auth)/password/[token]/actions.ts#setPasswordAction', ZSetPassword, async (input, { meta }) => {
  const session = await setPasswordWithLink(getDb(), { token: input.token, password: input.password, meta, sessionMaxAgeMs: getEnv().session.maxAgeMs });
  await setSessionCookie(session.token, session.expiresAt);
  redirect('/?password=set');
});
