import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { getDb } from '@/lib/db';
import { type ChecklistItemId, loadFirstRunChecklist } from '@/lib/settings/load-first-run-checklist';
import { DismissChecklistForm } from './settings/dismiss-checklist-form';

const ITEMS: Record<ChecklistItemId, { title: string; detail: string; href: string; link: string; doneLink?: string }> = {
  portal: {
    title: 'Confirm the public URL and cookie domain',
    detail: 'The address people open, and the domain the sign-in cookie covers.',
    href: '/admin/settings',
    link: 'Open settings',
  },
  mail: {
    title: 'Set up mail',
    detail: 'An SMTP server for sign-in and device links, or the outbox by choice.',
    href: '/admin/settings#mail',
    link: 'Set up mail',
  },
  application: {
    title: 'Add a first application',
    detail: 'An app behind the portal, with who may open it.',
    href: '/admin/applications/new',
    link: 'Add an application',
  },
  'second-factor': {
    title: 'Add your own second factor',
    detail: 'An authenticator app or a passkey for your admin account.',
    href: '/security',
    link: 'Add a second factor',
    doneLink: 'Manage your second factors',
  },
};

/** The first-run checklist on the admin overview: each item from real state; dismissible once complete. */
export async function FirstRunChecklist({ userId }: { userId: string }) {
  const checklist = await loadFirstRunChecklist(getDb(), { userId });
  if (checklist.dismissed) return null;
  const done = checklist.items.filter((item) => item.done).length;
  return (
    <Card
      title="Finish setting up"
      description={`${done} of ${checklist.items.length} done. Everything here is set in the browser; nothing needs a file edit or a restart.`}
      actions={checklist.complete ? <DismissChecklistForm /> : undefined}
    >
      <ol className="space-y-3" aria-label="First-run checklist" data-testid="first-run-checklist">
        {checklist.items.map((item) => {
          const text = ITEMS[item.id];
          return (
            <li key={item.id} className="flex items-start gap-3 text-sm" data-testid={`checklist-${item.id}`} data-done={item.done ? 'true' : 'false'}>
              <span
                aria-hidden="true"
                className={
                  item.done
                    ? 'mt-0.5 inline-flex size-5 shrink-0 items-center justify-center rounded-full bg-emerald-600 text-xs text-white'
                    : 'mt-0.5 inline-flex size-5 shrink-0 rounded-full border-2 border-zinc-400 dark:border-zinc-500'
                }
              >
                {item.done ? '✓' : ''}
              </span>
              <div className="min-w-0">
                <p className={item.done ? 'font-medium text-zinc-600 dark:text-zinc-400' : 'font-medium'}>
                  {text.title} <span className="sr-only">{item.done ? '(done)' : '(not done yet)'}</span>
                </p>
                <p className="text-zinc-600 dark:text-zinc-400">{text.detail}</p>
                <Link href={text.href} className="font-medium text-indigo-700 underline dark:text-indigo-400">
                  {item.done ? (text.doneLink ?? `${text.link} again`) : text.link}
                </Link>
              </div>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
