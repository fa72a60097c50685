'use client';
import Link from 'next/link';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { RecoveryCodes } from '@/components/mfa/recovery-codes';
import { IDLE } from '@/lib/actions/form-state';
import { enrollTotpAction } from '../../factor-actions';

export function TotpForm({ grant, rd, appName, username }: { grant: string; rd?: string; appName: string; username: string }) {
  const [state, action] = useGuardedActionState(enrollTotpAction, IDLE);
  const codes = typeof state.data?.codes === 'string' ? state.data.codes.split('\n') : null;
  if (codes) {
    const next = typeof state.data?.next === 'string' ? state.data.next : '/security';
    return (
      <div className="space-y-4">
        <FormAlert state={state} />
        <RecoveryCodes codes={codes} appName={appName} username={username} />
        <Link href={next} className="text-sm font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
          I have saved them: continue
        </Link>
      </div>
    );
  }
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      <FormAlert state={state} />
      <input type="hidden" name="grant" value={grant} />
      {rd && <input type="hidden" name="rd" value={rd} />}
      <Field
        name="name"
        label="Name"
        defaultValue={state.values?.name ?? 'Authenticator app'}
        error={state.fieldErrors?.name}
        description="So you can tell it apart later, e.g. “Phone”."
      />
      <Field
        name="code"
        label="Code from the app"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9 ]*"
        maxLength={8}
        required
        autoFocus
        error={state.fieldErrors?.code}
      />
      <SubmitButton pendingLabel="Checking…">Add the app</SubmitButton>
    </form>
  );
}
