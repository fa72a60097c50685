'use client';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { IDLE } from '@/lib/actions/form-state';
import { setAllowLinkingAction, unlinkIdentityAction } from './identity-actions';

type Linked = { id: string; providerName: string; email: string | null; added: string; lastUsed: string };

/** The providers linked to this account, and the consent that lets a new one be linked by its verified email. */
export function SignInProviders({ identities, allowLinking, locked }: { identities: Linked[]; allowLinking: boolean; locked?: React.ReactNode }) {
  const [state, action] = useGuardedActionState(setAllowLinkingAction, IDLE);
  return (
    <div className="space-y-4">
      {identities.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No sign-in provider is linked to your account.</p>
      ) : (
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Linked sign-in providers">
          {identities.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="identity-row">
              <div className="text-sm">
                <p className="font-medium">{i.providerName}</p>
                <p className="text-zinc-600 dark:text-zinc-400">
                  {i.email ?? 'no email'} · linked {i.added} · last used {i.lastUsed}
                </p>
              </div>
              {!locked && (
                <ConfirmActionButton
                  action={unlinkIdentityAction}
                  fields={{ identityId: i.id }}
                  label="Unlink"
                  srLabel={i.providerName}
                  title={`Unlink ${i.providerName}?`}
                  confirmLabel={`Unlink ${i.providerName}`}
                  pendingLabel="Unlinking…"
                  danger
                  confirm={<p>Unlink {i.providerName}? You will no longer be able to sign in with it.</p>}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {locked ?? (
        <form action={action} className="space-y-2">
          <FormAlert state={state} />
          <input type="hidden" name="allow" value={allowLinking ? 'no' : 'yes'} />
          <p className="text-sm">
            {allowLinking
              ? 'Linking is allowed: signing in with a provider that confirms your email address links it to this account.'
              : 'Linking is off: a provider is never linked to your account by email, even a verified one.'}
          </p>
          <SubmitButton variant="secondary" pendingLabel="Saving…">
            {allowLinking ? 'Stop allowing new links' : 'Allow linking a sign-in provider'}
          </SubmitButton>
        </form>
      )}
    </div>
  );
}
