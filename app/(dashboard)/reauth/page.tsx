import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { reproveMethods } from '@/lib/auth/assurance-reprove';
import { returnUrlPolicyOf, safeReturnUrl } from '@/lib/auth/return-url';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { ReprovePanel } from './reprove-panel';

export const metadata: Metadata = { title: 'Confirm it is you' };

/**
 * Where a request that needs sudo mode but cannot show a dialog (a download, a link) is sent:
 * prove it is you again, then go on to `rd` — a path on this portal, with its query.
 */
export default async function ReauthPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user } = await requirePage('/(dashboard)/reauth/page');
  const params = await searchParams;
  const target = safeReturnUrl(typeof params.rd === 'string' ? params.rd : undefined, returnUrlPolicyOf(getEnv()));
  // Only back to this portal: the pages that send people here are its own.
  const next = target?.startsWith('/') ? target : '/';
  const methods = await reproveMethods(getDb(), user);
  return (
    <div className="mx-auto max-w-md">
      <Card
        title="Confirm it is you"
        description={`This needs a recent proof that it is you, ${user.displayName}. ${methods.password ? 'Enter your password.' : 'Use your second factor.'}`}
      >
        <ReprovePanel methods={methods} next={next} />
      </Card>
    </div>
  );
}
