import type { Metadata } from 'next';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { isAppError } from '@/lib/errors';
import { readBrowserId } from '@/lib/mfa/browser-id';
import { inspectGrant } from '@/lib/mfa/factor-grant';
import { WebauthnForm } from './webauthn-form';

export const metadata: Metadata = { title: 'Add a security key or passkey' };

export default async function AddWebauthnPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user } = await requirePage('/(dashboard)/security/add/webauthn/page');
  const params = await searchParams;
  const grant = typeof params.grant === 'string' ? params.grant : '';
  const rd = typeof params.rd === 'string' ? params.rd : undefined;
  try {
    await inspectGrant(getDb(), { token: grant, userId: user.id, browserId: await readBrowserId(), action: 'add_webauthn' });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return (
      <Card title="Add a security key or passkey">
        <Alert tone="error">{error.userMessage}</Alert>
      </Card>
    );
  }
  return (
    <Card title="Add a security key or passkey" description="A USB or NFC key, your phone, or this computer’s passkey (fingerprint, face or PIN).">
      <WebauthnForm grant={grant} rd={rd} appName={getEnv().appName} username={user.username} />
    </Card>
  );
}
