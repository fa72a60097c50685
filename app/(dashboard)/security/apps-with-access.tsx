'use client';
import { useState } from 'react';
import { AppIcon } from '@/components/app-icon';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { buttonClasses } from '@/components/ui/button';
import { Time } from '@/components/ui/time';
import { IDLE } from '@/lib/actions/form-state';
import { revokeConsentAction } from './actions';

export type AppWithAccess = {
  clientId: string;
  clientName: string;
  appName: string;
  icon: string;
  iconSrc: string | undefined;
  /** The allowed scopes in words. */
  scopes: string[];
  /** ISO date: when the user first allowed it. */
  since: string;
};

type Action = ReturnType<typeof useGuardedActionState>[1];

function RevokeButton({ app, action }: { app: AppWithAccess; action: Action }) {
  const [confirming, setConfirming] = useState(false);
  const label = app.clientName === app.appName ? app.appName : `${app.appName} (${app.clientName})`;
  if (!confirming)
    return (
      <button type="button" onClick={() => setConfirming(true)} className={buttonClasses('secondary', 'whitespace-nowrap')}>
        Revoke access<span className="sr-only"> for {label}</span>
      </button>
    );
  return (
    <form
      action={action}
      role="alertdialog"
      aria-label={`Revoke access for ${label}`}
      className="w-full space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm sm:max-w-xs dark:border-red-900 dark:bg-red-950"
    >
      <input type="hidden" name="clientId" value={app.clientId} />
      <p>{label} loses access now: its sign-ins and tokens end, and it asks you again the next time you sign in through it.</p>
      <div className="flex flex-wrap gap-2">
        <SubmitButton variant="danger" pendingLabel="Revoking…">
          Revoke
        </SubmitButton>
        <button type="button" autoFocus onClick={() => setConfirming(false)} className={buttonClasses('secondary')}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** "Apps with access" on the Security page: what each app may read, since when, and a way to take it back. */
export function AppsWithAccess({ apps, readOnly, portalName }: { apps: AppWithAccess[]; readOnly: boolean; portalName: string }) {
  const [state, action] = useGuardedActionState(revokeConsentAction, IDLE);
  return (
    <div className="space-y-3">
      <FormAlert state={state} />
      {apps.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="apps-with-access-empty">
          No app signs you in with {portalName} yet. When an app asks to, you decide here what it may read, and you can take it back.
        </p>
      ) : (
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Apps with access">
          {apps.map((app) => (
            <li key={app.clientId} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="app-with-access">
              <div className="flex min-w-0 items-start gap-3 text-sm">
                <AppIcon icon={app.icon} uploadedSrc={app.iconSrc} />
                <div className="min-w-0">
                  <p className="font-medium break-words">
                    {app.appName}
                    {app.clientName !== app.appName && <span className="font-normal text-zinc-600 dark:text-zinc-400"> · {app.clientName}</span>}
                  </p>
                  <ul className="mt-1 list-disc pl-5 text-zinc-600 dark:text-zinc-400" aria-label={`What ${app.appName} may read`}>
                    {app.scopes.map((scope) => (
                      <li key={scope}>{scope}</li>
                    ))}
                  </ul>
                  <p className="mt-1 text-zinc-600 dark:text-zinc-400">
                    Allowed <Time value={app.since} />
                  </p>
                </div>
              </div>
              {!readOnly && <RevokeButton app={app} action={action} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
