'use client';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { useFormKey } from '@/components/forms/use-form-key';
import { IDLE } from '@/lib/actions/form-state';
import { createGroupAction, renameGroupAction } from './actions';

export function CreateGroupForm() {
  const [state, action] = useGuardedActionState(createGroupAction, IDLE);
  const key = useFormKey(state);
  return (
    <form key={key} action={action} className="flex flex-wrap items-start gap-3" aria-label="New group">
      <Field
        name="name"
        label="Name"
        defaultValue={state.status === 'error' ? state.values?.name : ''}
        error={state.fieldErrors?.name}
        autoComplete="off"
        className="w-56"
      />
      <Field
        name="description"
        label="Description (optional)"
        defaultValue={state.status === 'error' ? state.values?.description : ''}
        error={state.fieldErrors?.description}
        autoComplete="off"
        className="grow"
      />
      <div className="w-full">
        <SubmitButton pendingLabel="Creating…">Create group</SubmitButton>
      </div>
      <div className="w-full">
        <FormAlert state={state} />
      </div>
    </form>
  );
}

/** Carries the name it was rendered with: a rename another admin made meanwhile is reported, not overwritten. */
export function RenameGroupForm({ groupId, name }: { groupId: string; name: string }) {
  const [state, action] = useGuardedActionState(renameGroupAction, IDLE);
  return (
    <form action={action} className="space-y-3" aria-label={`Rename ${name}`}>
      <input type="hidden" name="groupId" value={groupId} />
      <input type="hidden" name="expectedName" value={name} />
      <Field
        name="name"
        label="New name"
        defaultValue={state.values?.name ?? name}
        error={state.fieldErrors?.name}
        autoComplete="off"
        description="Access rules and pending invitations that name the group are updated with it."
      />
      <SubmitButton variant="secondary" pendingLabel="Renaming…">
        Rename
      </SubmitButton>
      <FormAlert state={state} />
    </form>
  );
}
