import type { Metadata } from 'next';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { isAppError } from '@/lib/errors';
import { readBrowserId } from '@/lib/mfa/browser-id';
import { pendingTotp } from '@/lib/mfa/enroll-totp';
import { qrCodeDataUrl } from '@/lib/mfa/qr-code';
import { TotpForm } from './totp-form';

export const metadata: Metadata = { title: 'Add an authenticator app' };

export default async function AddTotpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user } = await requirePage('/(dashboard)/security/add/totp/page');
  const params = await searchParams;
  const grant = typeof params.grant === 'string' ? params.grant : '';
  const rd = typeof params.rd === 'string' ? params.rd : undefined;
  const env = getEnv();
  let pending: { secret: string; uri: string };
  try {
    pending = await pendingTotp(getDb(), { grant, user, browserId: await readBrowserId(), env });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return (
      <Card title="Add an authenticator app">
        <Alert tone="error">{error.userMessage}</Alert>
      </Card>
    );
  }
  const qr = await qrCodeDataUrl(pending.uri);
  const grouped = pending.secret.match(/.{1,4}/g)!.join(' ');
  return (
    <Card title="Add an authenticator app" description="Any TOTP app works: Google Authenticator, Aegis, 2FAS, 1Password, Bitwarden…">
      {params.first === '1' && (
        <Alert tone="success">
          <span data-testid="setup-done">
            Your administrator account is ready. Administrators must use a second factor: add your authenticator app now, then the admin overview shows what is
            left to set up.
          </span>
        </Alert>
      )}
      <TotpForm grant={grant} rd={rd} appName={env.appName} username={user.username} setup={{ qr, key: grouped, uri: pending.uri }} />
    </Card>
  );
}
