'use server';
import { redirect } from 'next/navigation';
import { publicAction } from '@/lib/actions/safe-action';
import { setSessionCookie } from '@/lib/auth/session-cookie';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { ensureBrowserId } from '@/lib/mfa/browser-id';
import { completeSetup } from '@/lib/setup/complete-setup';
import { ZSetup } from './schemas';

export const completeSetupAction = publicAction('app/(auth)/setup/[token]/actions.ts#completeSetupAction', ZSetup, async (input, { meta }) => {
  const env = getEnv();
  const browserId = await ensureBrowserId();
  const session = await completeSetup(getDb(), { ...input, meta, sessionMaxAgeMs: env.session.maxAgeMs, browserId, encryptionKey: env.secrets.encryptionKey });
  await setSessionCookie(session.token, session.expiresAt);
  // Admins must have a second factor: straight to it (no mail needed), then the admin overview.
  redirect(`/security/add/totp?grant=${session.totpGrant}&rd=%2Fadmin&first=1`);
});
