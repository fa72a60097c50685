'use client';
import Link from 'next/link';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { RecoveryCodes } from '@/components/mfa/recovery-codes';
import { IDLE } from '@/lib/actions/form-state';
import { confirmFactorChangeLinkAction } from '../../security/factor-actions';

/** The button behind an emailed link: nothing changes until it is pressed. */
export function ConfirmFactorChange({
  token,
  label,
  danger,
  appName,
  username,
}: {
  token: string;
  label: string;
  danger: boolean;
  appName: string;
  username: string;
}) {
  const [state, action] = useGuardedActionState(confirmFactorChangeLinkAction, IDLE);
  const codes = typeof state.data?.codes === 'string' ? state.data.codes.split('\n') : null;
  if (codes) {
    return (
      <div className="space-y-4">
        <FormAlert state={state} />
        <RecoveryCodes codes={codes} appName={appName} username={username} />
        <Link href="/security" className="text-sm font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
          I have saved them: back to Security
        </Link>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-3">
      <FormAlert state={state} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton variant={danger ? 'danger' : 'primary'} pendingLabel="Working…">
        {label}
      </SubmitButton>
    </form>
  );
}
