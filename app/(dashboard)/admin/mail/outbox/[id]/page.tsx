import type { Metadata } from 'next';
import { BackLink } from '@/components/ui/back-link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { Time } from '@/components/ui/time';
import { requirePage } from '@/lib/auth/current-session';
import { getEnv } from '@/lib/config';
import { readOutboxMessage } from '@/lib/mail/outbox';

export const metadata: Metadata = { title: 'Outbox message' };

/** Splits plain text into text and http(s) links, so links in mail can be followed from here. */
function linkify(text: string) {
  return text.split(/(https?:\/\/[^\s<>"]+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part} className="break-all text-indigo-700 underline dark:text-indigo-400" rel="noreferrer noopener">
        {part}
      </a>
    ) : (
      part
    ),
  );
}

export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  await requirePage('/(dashboard)/admin/mail/outbox/[id]/page');
  const { id } = await params;
  const message = await readOutboxMessage(getEnv().outboxDir, id);
  if (!message) notFound();
  return (
    <div className="space-y-4">
      <BackLink href="/admin/mail">Outbox</BackLink>
      <Card title={message.subject}>
        <dl className="mb-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-zinc-500">From</dt>
          <dd>{message.from}</dd>
          <dt className="text-zinc-500">To</dt>
          <dd>{message.to}</dd>
          <dt className="text-zinc-500">Date</dt>
          <dd>
            <Time value={message.date} withSeconds />
          </dd>
        </dl>
        <pre className="overflow-x-auto rounded-md bg-zinc-50 p-4 font-sans text-sm whitespace-pre-wrap dark:bg-zinc-950" data-testid="outbox-text">
          {linkify(message.text)}
        </pre>
        {message.html && (
          <details className="mt-4">
            <summary className="cursor-pointer text-sm font-medium">Show the HTML version</summary>
            {/* Sandboxed and served with its own CSP: the mail's HTML can show, never run. */}
            <iframe
              title="HTML version of the message"
              sandbox=""
              src={`/api/admin/outbox/${message.id}/html`}
              className="mt-2 h-[32rem] w-full rounded-md border border-zinc-200 bg-white dark:border-zinc-800"
            />
          </details>
        )}
      </Card>
    </div>
  );
}
