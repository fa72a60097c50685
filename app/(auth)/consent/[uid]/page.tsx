import type { Metadata } from 'next';
import { z } from 'zod';
import { requirePage } from '@/lib/auth/current-session';
import { getEnv } from '@/lib/config';
import { getDb } from '@/lib/db';
import { describeConsentRequest } from '@/lib/oidc/consents/describe-consent-request';
import { ConsentView } from './consent-view';

export const metadata: Metadata = { title: 'Allow access' };

/** The consent screen of an OpenID Connect sign-in; the decision posts to the provider's interaction (lib/server). */
export default async function ConsentPage({ params }: { params: Promise<{ uid: string }> }) {
  const { user } = await requirePage('/(auth)/consent/[uid]/page');
  const uid = z
    .string()
    .max(200)
    .catch('')
    .parse((await params).uid);
  const request = await describeConsentRequest(getDb(), { uid, userId: user.id });
  return <ConsentView request={request} username={user.username} portalName={getEnv().appName} />;
}
