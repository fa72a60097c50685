'use client';
import { type ReactNode, useState } from 'react';
import { SubmitButton } from '@/components/forms/submit-button';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { type FormState, IDLE } from '@/lib/actions/form-state';
import { deleteOidcClientAction, revokeOidcClientTokensAction, rotateOidcClientSecretAction } from './actions';
import { SecretOnce } from './secret-once';

type Action = (previous: FormState, formData: FormData) => Promise<FormState>;
type Target = { applicationId: string; clientId: string; name: string };

/** A button that asks first (Cancel has the focus), then runs `run` with the client as its target. */
function Confirmed({
  run,
  target,
  label,
  question,
  confirmLabel,
  danger,
  children,
}: {
  run: Action;
  target: Target;
  label: string;
  question: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  children?: (state: FormState) => ReactNode;
}) {
  const [state, action] = useGuardedActionState(run, IDLE);
  const [confirming, setConfirming] = useState(false);
  const done = children?.(state);
  if (done) return done;
  if (state.status === 'success')
    return (
      <Alert live tone="success">
        {state.message}
      </Alert>
    );
  if (!confirming)
    return (
      <button type="button" onClick={() => setConfirming(true)} className={buttonClasses(danger ? 'danger' : 'secondary')}>
        {label}
      </button>
    );
  return (
    <div
      role="alertdialog"
      aria-label={`${label}: ${target.name}?`}
      className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm dark:border-amber-900 dark:bg-amber-950"
    >
      <p className="mb-2">{question}</p>
      <div className="flex flex-wrap gap-2">
        <form action={action}>
          <input type="hidden" name="applicationId" value={target.applicationId} />
          <input type="hidden" name="id" value={target.clientId} />
          <SubmitButton variant={danger ? 'danger' : 'primary'} pendingLabel="Working…">
            {confirmLabel}
          </SubmitButton>
        </form>
        <button type="button" autoFocus onClick={() => setConfirming(false)} className={buttonClasses('secondary')}>
          Cancel
        </button>
      </div>
      {state.status === 'error' && (
        <p role="alert" className="mt-2 text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
    </div>
  );
}

export function RotateSecretButton({ target }: { target: Target }) {
  return (
    <Confirmed
      run={rotateOidcClientSecretAction}
      target={target}
      label="Replace the secret"
      confirmLabel="Replace it now"
      question={<>The app stops signing in with the current secret at once; you paste the new one into it. Tokens already issued stay valid.</>}
    >
      {(state) => {
        const data = state.status === 'success' ? state.data : undefined;
        if (!data || typeof data.secret !== 'string' || typeof data.card !== 'string') return null;
        return (
          <SecretOnce
            title={state.message ?? 'The secret is replaced.'}
            clientId={target.clientId}
            secret={data.secret}
            card={data.card}
            doneHref={`/admin/applications/${target.applicationId}/oidc/${target.clientId}`}
          />
        );
      }}
    </Confirmed>
  );
}

export function RevokeTokensButton({ target }: { target: Target }) {
  return (
    <Confirmed
      run={revokeOidcClientTokensAction}
      target={target}
      label="Revoke all its tokens"
      confirmLabel="Revoke all tokens"
      danger
      question={<>Every grant, access token and refresh token issued to {target.name} ends now: everyone signs in to it again.</>}
    />
  );
}

export function DeleteClientButton({ target }: { target: Target }) {
  return (
    <Confirmed
      run={deleteOidcClientAction}
      target={target}
      label="Delete client"
      confirmLabel={`Delete ${target.name}`}
      danger
      question={<>Delete {target.name}? Its tokens and the consents users gave it go with it, and the app can no longer sign anyone in.</>}
    />
  );
}
