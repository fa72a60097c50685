import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { getDb } from '@/lib/db';
import { readConnectionSummary } from '@/lib/paperless/connection-summary';
import { CheckStatus } from '../../paperless/check-status';

/** The Paperless application's own part: where the connection stands, and the way to its settings (kept on /admin/paperless). */
export async function PaperlessCard() {
  const summary = await readConnectionSummary(getDb());
  return (
    <Card title="Paperless-ngx" description="Accounts, group mapping and the device tokens of the Paperless apps are set up on the Paperless page.">
      <div className="space-y-3 text-sm">
        {summary.configured ? (
          <>
            <p>
              Connected to <span className="font-mono break-all">{summary.publicUrl}</span>; {summary.mappedGroups} group
              {summary.mappedGroups === 1 ? '' : 's'} mapped.
            </p>
            <CheckStatus check={summary.check} />
          </>
        ) : (
          <p>Not connected yet: enter Paperless&apos;s address and an admin token so Gatehouse can create its users&apos; accounts.</p>
        )}
        <Link href="/admin/paperless" className={buttonClasses('secondary')}>
          {summary.configured ? 'Paperless connection and group mapping' : 'Connect Paperless'}
        </Link>
      </div>
    </Card>
  );
}
