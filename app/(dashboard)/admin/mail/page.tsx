import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Time } from '@/components/ui/time';
import { requirePage } from '@/lib/auth/current-session';
import { getEnv } from '@/lib/config';
import { listOutbox } from '@/lib/mail/outbox';
import { TemplatesCard } from './templates-card';
import { TestMailForm } from './test-mail-form';

export const metadata: Metadata = { title: 'Mail' };

const PAGE = 50;

export default async function MailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user } = await requirePage('/(dashboard)/admin/mail/page');
  const env = getEnv();
  const params = await searchParams;
  const offset = Math.max(0, Number(typeof params.offset === 'string' ? params.offset : 0) || 0);
  const outbox = await listOutbox(env.outboxDir, { offset, limit: PAGE });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Mail</h1>
      <Card title="Delivery">
        {env.smtp ? (
          <p className="text-sm" data-testid="mail-mode">
            Mail is sent through{' '}
            <strong className="font-mono">
              {env.smtp.host}:{env.smtp.port}
            </strong>{' '}
            ({env.smtp.secure ? 'TLS' : env.smtp.requireTls ? 'STARTTLS required' : 'STARTTLS when offered'}
            {env.smtp.user ? `, signed in as ${env.smtp.user}` : ', no sign-in'}) from <span className="font-mono">{env.mailFrom}</span>.{' '}
            <Link href="/admin/settings#mail" className="font-medium text-indigo-700 underline dark:text-indigo-400">
              Change mail settings
            </Link>
          </p>
        ) : (
          <Alert tone="warning" title="No mail server is configured">
            <span data-testid="mail-mode">
              Messages are kept in the outbox below instead of being sent.{' '}
              <Link href="/admin/settings#mail" className="font-medium underline">
                Set up an SMTP server
              </Link>{' '}
              to deliver them, or choose the outbox there.
            </span>
          </Alert>
        )}
        <div className="mt-4">
          <TestMailForm defaultTo={user.email} />
        </div>
      </Card>
      <Card
        title="Outbox"
        description={`Files in ${env.outboxDir}. ${env.smtp ? 'Mail written before SMTP was configured stays here.' : 'Read them here and forward links by hand if needed.'}`}
      >
        {outbox.total === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">The outbox is empty.</p>
        ) : (
          <>
            <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Outbox messages">
              {outbox.entries.map((m) => (
                <li key={m.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2 text-sm" data-testid="outbox-row">
                  <Link href={`/admin/mail/outbox/${m.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-400">
                    {m.subject}
                  </Link>
                  <span className="text-zinc-600 dark:text-zinc-400">
                    to {m.to} · <Time value={m.date} />
                  </span>
                </li>
              ))}
            </ul>
            <nav aria-label="Outbox pages" className="mt-3 flex justify-between text-sm">
              {offset > 0 ? (
                <Link href={`/admin/mail?offset=${Math.max(0, offset - PAGE)}`} className={buttonClasses('secondary')}>
                  Newer
                </Link>
              ) : (
                <span />
              )}
              <span className="text-zinc-500">
                {offset + 1}–{offset + outbox.entries.length} of {outbox.total}
              </span>
              {offset + PAGE < outbox.total ? (
                <Link href={`/admin/mail?offset=${offset + PAGE}`} className={buttonClasses('secondary')}>
                  Older
                </Link>
              ) : (
                <span />
              )}
            </nav>
          </>
        )}
      </Card>
      <TemplatesCard appName={env.appName} url={env.url} />
    </div>
  );
}
