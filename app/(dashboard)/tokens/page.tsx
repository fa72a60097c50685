import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { randomToken } from '@/lib/crypto';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { hasSecondFactor } from '@/lib/mfa/has-second-factor';
import { loadConnection } from '@/lib/paperless/connection';
import { listAppTokens } from '@/lib/paperless/app-tokens';
import { revokeDeviceTokenAction } from './actions';
import { CreateTokenForm } from './create-token-form';
import { TokenTable } from './token-table';

export const metadata: Metadata = { title: 'Tokens' };

export default async function TokensPage() {
  const { user, session } = await requirePage('/(dashboard)/tokens/page');
  const db = getDb();
  const connection = await loadConnection(db, getEnv()).catch(() => null);
  const tokens = await listAppTokens(db, { userId: user.id });
  const twoFactor = session.level === 'two_factor';
  const hasFactor = twoFactor || (await hasSecondFactor(db, user.id));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Tokens</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          One token per phone or tablet for the Paperless apps (Paperless Mobile, Swift Paperless, Paperparrot). Lose a device? Revoke its token; the others
          keep working.
        </p>
      </div>
      {!connection ? (
        <Alert tone="info" title="Paperless is not connected yet">
          An administrator connects Paperless-ngx on the Admin → Paperless page; then you can create tokens here.
        </Alert>
      ) : !twoFactor ? (
        <Alert tone="warning" title="Confirm it is you with your second factor">
          {hasFactor ? (
            <>
              Tokens can be created only in a session signed in with two factors.{' '}
              <Link className="font-medium underline" href="/sign-in/second-factor?rd=%2Ftokens">
                Use your second factor
              </Link>{' '}
              and come back here.
            </>
          ) : (
            <>
              Tokens need a second factor.{' '}
              <Link className="font-medium underline" href="/security">
                Add one on the Security page
              </Link>{' '}
              first.
            </>
          )}
        </Alert>
      ) : (
        <Card title="New device token" description={`The app will reach Paperless at ${connection.publicUrl}.`}>
          <CreateTokenForm requestId={randomToken(18)} />
        </Card>
      )}
      <Card title="Your devices">
        <TokenTable tokens={tokens} revoke={revokeDeviceTokenAction} empty="No device tokens yet." />
      </Card>
    </div>
  );
}
