'use client';
import { useEffect, useState } from 'react';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { inputClasses } from '@/components/forms/field';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { IDLE } from '@/lib/actions/form-state';
import type { FactorLabel } from '@/lib/mfa/factor-label';
import { renameFactorAction, requestFactorLinkAction } from './factor-actions';

export type FactorRow = { id: string; kind: 'totp' | 'webauthn'; label: FactorLabel; name: string; added: string; lastUsed: string };

/** "Email me a link" for one change to the second factors; the answer says where the link went. */
function LinkButton({
  action,
  factorId,
  label,
  variant = 'secondary',
  rd,
}: {
  action: string;
  factorId?: string;
  label: string;
  variant?: 'primary' | 'secondary' | 'danger';
  rd?: string;
}) {
  const [state, submit] = useGuardedActionState(requestFactorLinkAction, IDLE);
  return (
    <form action={submit} className="space-y-2">
      <input type="hidden" name="change" value={action} />
      {factorId && <input type="hidden" name="factorId" value={factorId} />}
      {rd && <input type="hidden" name="rd" value={rd} />}
      <SubmitButton variant={variant} pendingLabel="Sending the link…">
        {label}
      </SubmitButton>
      <FormAlert state={state} />
    </form>
  );
}

function RenameForm({ factor, onDone }: { factor: FactorRow; onDone: () => void }) {
  const [state, submit] = useGuardedActionState(renameFactorAction, IDLE);
  useEffect(() => {
    if (state.status === 'success') onDone();
  }, [state, onDone]);
  return (
    <form action={submit} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="factorId" value={factor.id} />
      <div>
        <label htmlFor={`rename-${factor.id}`} className="block text-xs font-medium">
          New name
        </label>
        <input
          id={`rename-${factor.id}`}
          name="name"
          defaultValue={state.values?.name ?? factor.name}
          maxLength={60}
          className={`${inputClasses} mt-1`}
          autoFocus
        />
      </div>
      <SubmitButton variant="secondary" className="px-2.5 py-1.5 text-xs" pendingLabel="Saving…">
        Save name
      </SubmitButton>
      <button type="button" onClick={onDone} className={buttonClasses('ghost', 'px-2.5 py-1.5 text-xs')}>
        Cancel
      </button>
      {state.status === 'error' && (
        <p role="alert" className="w-full text-xs text-red-700 dark:text-red-400">
          {state.fieldErrors?.name ?? state.message}
        </p>
      )}
    </form>
  );
}

function FactorItem({ factor, lastOne, twoFactorRequired, readOnly }: { factor: FactorRow; lastOne: boolean; twoFactorRequired: boolean; readOnly: boolean }) {
  const [mode, setMode] = useState<'view' | 'rename' | 'remove'>('view');
  return (
    <li className="space-y-3 py-3" data-testid="factor-row">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="text-sm">
          <p className="font-medium">
            {factor.name} <Badge>{factor.label}</Badge>
          </p>
          <p className="text-zinc-600 dark:text-zinc-400">
            Added {factor.added} · last used {factor.lastUsed}
          </p>
        </div>
        {mode === 'view' && !readOnly && (
          <div className="flex gap-2">
            <button type="button" onClick={() => setMode('rename')} className={buttonClasses('secondary', 'px-2.5 py-1 text-xs')}>
              Rename<span className="sr-only"> {factor.name}</span>
            </button>
            <button type="button" onClick={() => setMode('remove')} className={buttonClasses('ghost', 'px-2.5 py-1 text-xs text-red-700 dark:text-red-400')}>
              Remove<span className="sr-only"> {factor.name}</span>
            </button>
          </div>
        )}
      </div>
      {mode === 'rename' && <RenameForm factor={factor} onDone={() => setMode('view')} />}
      {mode === 'remove' && (
        <div
          role="alertdialog"
          aria-label={`Remove ${factor.name}?`}
          className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm dark:border-red-900 dark:bg-red-950"
        >
          <p>
            Remove <strong>{factor.name}</strong>? For your safety we first email you a link to confirm it.
          </p>
          {lastOne && twoFactorRequired && (
            <p className="font-medium" data-testid="last-factor-warning">
              This is your only second factor, and some apps require two factors: after removing it you cannot open them until you add another.
            </p>
          )}
          <div className="flex flex-wrap items-start gap-2">
            <LinkButton action="remove_factor" factorId={factor.id} label={`Email me a link to remove ${factor.name}`} variant="danger" />
            <button type="button" onClick={() => setMode('view')} className={buttonClasses('secondary')}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </li>
  );
}

/** `readOnly`: a one-factor session of a user who has a factor sees the list, and `locked` instead of the buttons. `rd`: where to go after adding one. */
export function SecondFactors({
  factors,
  recoveryCodes,
  twoFactorRequired,
  readOnly = false,
  locked,
  rd,
}: {
  factors: FactorRow[];
  recoveryCodes: number;
  twoFactorRequired: boolean;
  readOnly?: boolean;
  locked?: React.ReactNode;
  rd?: string;
}) {
  return (
    <div className="space-y-5">
      {factors.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          You have no second factor yet.{' '}
          {twoFactorRequired
            ? 'Some apps here require one: add an authenticator app or a security key.'
            : 'Add one to protect your account even if your password leaks.'}
        </p>
      ) : (
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Second factors">
          {factors.map((factor) => (
            <FactorItem key={factor.id} factor={factor} lastOne={factors.length === 1} twoFactorRequired={twoFactorRequired} readOnly={readOnly} />
          ))}
        </ul>
      )}
      {readOnly ? (
        locked
      ) : (
        <div className="flex flex-wrap items-start gap-3">
          <LinkButton action="add_totp" label="Add an authenticator app" rd={rd} />
          <LinkButton action="add_webauthn" label="Add a security key or passkey" rd={rd} />
        </div>
      )}
      {factors.length > 0 && (
        <div className="space-y-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <p className="text-sm">
            <span className="font-medium">Recovery codes:</span> <span data-testid="recovery-count">{recoveryCodes} of 10 unused</span>. Use one when your phone
            or key is not at hand.
          </p>
          {!readOnly && <LinkButton action="recovery_codes" label="Get new recovery codes" />}
        </div>
      )}
    </div>
  );
}
