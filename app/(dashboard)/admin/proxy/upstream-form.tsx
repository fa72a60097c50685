'use client';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { IDLE } from '@/lib/actions/form-state';
import { setProxyUpstreamAction } from './actions';

/** How the proxy reaches Gatehouse: stored, so a proxy on another host is said once. Empty = this machine's address. */
export function UpstreamForm({ value, stored, defaultValue }: { value: string; stored: boolean; defaultValue: string }) {
  const [state, action] = useGuardedActionState(setProxyUpstreamAction, IDLE);
  return (
    <form action={action} className="max-w-xl space-y-3" noValidate>
      <FormAlert state={state} />
      <Field
        name="gatehouse"
        label="How the proxy reaches Gatehouse"
        defaultValue={state.values?.gatehouse ?? (stored ? value : '')}
        placeholder={defaultValue}
        error={state.fieldErrors?.gatehouse}
        description={`From the proxy's point of view. Empty: ${defaultValue}, where this instance listens (a proxy on the same machine). A proxy on another host or in a container network uses its own way there, e.g. http://gatehouse:${new URL(defaultValue).port || '80'}.`}
      />
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Save
      </SubmitButton>
    </form>
  );
}
