'use server';
import { redirect } from 'next/navigation';
import { publicAction } from '@/lib/actions/safe-action';
import { setSessionCookie } from '@/lib/auth/session-cookie';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { completeSetup } from '@/lib/setup/complete-setup';
import { ZSetup } from './schemas';

export const completeSetupAction = publicAction('app/(auth)/setup/[token]/actions.ts#completeSetupAction', ZSetup, async (input, { meta }) => {
  const session = await completeSetup(getDb(), { ...input, meta, sessionMaxAgeMs: getEnv().session.maxAgeMs });
  await setSessionCookie(session.token, session.expiresAt);
  // The admin overview, with the first-run checklist (after adding a second factor, when admins must have one).
  redirect('/admin');
});
