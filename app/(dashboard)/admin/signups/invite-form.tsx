'use client';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { IDLE } from '@/lib/actions/form-state';
import { inviteAction } from './actions';

export function InviteForm() {
  const [state, action] = useGuardedActionState(inviteAction, IDLE);
  const invited = state.data?.invited;
  const v = invited ? {} : (state.values ?? {});
  return (
    <form action={action} className="max-w-lg space-y-3" noValidate key={invited ? `done-${String(invited)}` : 'form'}>
      <FormAlert state={state} />
      <Field name="email" type="email" label="Email address to invite" required defaultValue={v.email} error={state.fieldErrors?.email} />
      <Field
        name="groups"
        label="Groups (optional)"
        defaultValue={v.groups}
        error={state.fieldErrors?.groups}
        description="Comma-separated. The invited person joins them when they sign up."
      />
      <SubmitButton pendingLabel="Inviting…">Send invitation</SubmitButton>
    </form>
  );
}
