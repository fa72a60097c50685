import type { ReactNode } from 'react';
import Link from 'next/link';
import { AppIcon } from '@/components/app-icon';
import { buttonClasses } from '@/components/ui/button';
import { Time } from '@/components/ui/time';
import type { ConsentRequest, ReturnTarget } from '@/lib/oidc/consents/describe-consent-request';
import { SignOutButton } from '../../../(dashboard)/sign-out-button';

const LINK = 'font-semibold text-indigo-700 hover:underline dark:text-indigo-400';
const MUTED = 'text-sm text-zinc-600 dark:text-zinc-400';

function returnText(target: ReturnTarget) {
  const strong = (text: string) => <strong className="font-semibold break-words">{text}</strong>;
  if (target.kind === 'web') return <>Then you go back to {strong(target.host)}.</>;
  if (target.kind === 'loopback') return <>Then you go back to an app on this device ({strong(target.host)}).</>;
  return <>Then you go back to the app that opens {strong(`${target.scheme}:`)} links.</>;
}

function Problem({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-4" data-testid="consent-problem">
      <h1 className="text-xl font-semibold">{title}</h1>
      {children}
    </div>
  );
}

/** What the consent page shows for each state of the request (lib/oidc/consents/describe-consent-request.ts). */
export function ConsentView({ request, username, portalName }: { request: ConsentRequest; username: string; portalName: string }) {
  if (request.status === 'invalid')
    return (
      <Problem title="This sign-in request has expired or is not valid">
        <p className={MUTED}>Go back to the app and sign in again; it starts a new request. Nothing was shared with it.</p>
        <p className="text-sm">
          <Link href="/" className={LINK}>
            Go to your dashboard
          </Link>
        </p>
      </Problem>
    );
  if (request.status === 'other-account')
    return (
      <Problem title="This sign-in request belongs to another account">
        <p className={MUTED}>
          It was started while another account was signed in, and you are signed in as <strong className="font-semibold">{username}</strong>. Nothing was
          shared. Go back to the app and sign in again, or sign out first to use the other account.
        </p>
        <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
          <Link href="/" className={LINK}>
            Go to your dashboard
          </Link>
          <SignOutButton variant="secondary" />
        </div>
      </Problem>
    );
  const { application, client, scopes } = request;
  return (
    <div className="space-y-5">
      <div className="flex items-start gap-3">
        <AppIcon icon={application.icon} uploadedSrc={application.iconSrc} />
        <h1 className="min-w-0 text-xl font-semibold break-words">
          {application.name} wants to sign you in with your {portalName} account <span data-testid="consent-username">{username}</span>
        </h1>
      </div>
      {application.description && <p className={MUTED}>{application.description}</p>}
      <div>
        <h2 className="text-sm font-semibold">It will be able to read</h2>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm" aria-label={`What ${application.name} will be able to read`} data-testid="consent-scopes">
          {scopes.map((s) => (
            <li key={s.scope} data-scope={s.scope}>
              {s.description}
            </li>
          ))}
        </ul>
        {request.offlineAccess && <p className={`mt-2 ${MUTED}`}>It keeps this access while you are away, until you revoke it on your Security page.</p>}
      </div>
      <p className={MUTED} data-testid="consent-return">
        {returnText(request.returnTo)} It cannot see your password or your second factors.
      </p>
      <form method="post" action={`/oidc/interaction/${encodeURIComponent(request.uid)}/confirm`} className="flex flex-wrap justify-end gap-3">
        <button type="submit" name="decision" value="deny" className={buttonClasses('secondary', 'min-w-24')}>
          Deny
        </button>
        <button type="submit" name="decision" value="allow" className={buttonClasses('primary', 'min-w-24')}>
          Allow
        </button>
      </form>
      <p className="border-t border-zinc-200 pt-4 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
        Client “{client.name}”. This request ends <Time value={request.expiresAt} />. You can take back access any time on your{' '}
        <Link href="/security#apps" className={LINK}>
          Security page
        </Link>
        .
      </p>
    </div>
  );
}
