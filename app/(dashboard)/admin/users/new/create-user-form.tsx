'use client';
import Link from 'next/link';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { IDLE } from '@/lib/actions/form-state';
import { createUserAction } from '../actions';

export function CreateUserForm() {
  const [state, action] = useGuardedActionState(createUserAction, IDLE);
  const created = state.data?.username;
  const v = created ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="max-w-lg space-y-4" noValidate key={created ? `done-${created}` : 'form'}>
      <FormAlert state={state} />
      {created && (
        <p className="text-sm">
          <Link href="/admin/users" className="font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
            Back to the user list
          </Link>{' '}
          or create another user below.
        </p>
      )}
      <Field
        name="username"
        label="Username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        defaultValue={v.username}
        error={e.username}
        description="Lower-case letters, digits, dots, dashes and underscores. Sent to apps as Remote-User."
      />
      <Field name="email" label="Email" type="email" required defaultValue={v.email} error={e.email} description="The link to choose a password goes here." />
      <Field name="displayName" label="Display name" required defaultValue={v.displayName} error={e.displayName} />
      <Field
        name="groups"
        label="Groups (optional)"
        defaultValue={v.groups}
        error={e.groups}
        description='Comma-separated, e.g. "family, paperless". Missing groups are created. "admins" gives admin rights.'
      />
      <SubmitButton pendingLabel="Creating…">Create user and send link</SubmitButton>
    </form>
  );
}
