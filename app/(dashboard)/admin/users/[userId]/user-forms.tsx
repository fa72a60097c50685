'use client';
import { useState } from 'react';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { buttonClasses } from '@/components/ui/button';
import { IDLE } from '@/lib/actions/form-state';
import { deleteUserAction, setUserGroupsAction } from '../actions';

/**
 * Replaces the user's groups. Carries the groups it was rendered with, so a change another admin
 * made meanwhile is reported rather than overwritten. After saving, the page re-renders with the
 * saved groups, which become the new expected ones.
 */
export function EditGroupsForm({ userId, username, groups }: { userId: string; username: string; groups: string[] }) {
  const [state, action] = useGuardedActionState(setUserGroupsAction, IDLE);
  return (
    <form action={action} className="space-y-3" aria-label={`Groups of ${username}`}>
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="expectedGroups" value={groups.join(',')} />
      <Field
        name="groups"
        label="Groups"
        defaultValue={state.values?.groups ?? groups.join(', ')}
        error={state.fieldErrors?.groups}
        description="Comma-separated. Missing groups are created. Membership of admins gives admin rights."
        autoComplete="off"
      />
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Save groups
      </SubmitButton>
      <FormAlert state={state} />
    </form>
  );
}

/** Delete, confirmed by typing the username. */
export function DeleteUserForm({ userId, username }: { userId: string; username: string }) {
  const [state, action] = useGuardedActionState(deleteUserAction, IDLE);
  const [open, setOpen] = useState(false);
  if (state.data?.deleted) {
    return (
      <div className="space-y-2">
        <FormAlert state={state} />
        <a href="/admin/users" className={buttonClasses('secondary')}>
          Back to users
        </a>
      </div>
    );
  }
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} className={buttonClasses('danger')}>
        Delete {username}…
      </button>
    );
  }
  return (
    <form
      action={action}
      role="alertdialog"
      aria-label={`Delete ${username}?`}
      className="space-y-3 rounded-md border border-red-200 bg-red-50 p-4 text-sm dark:border-red-900 dark:bg-red-950"
    >
      <input type="hidden" name="userId" value={userId} />
      <p>
        Delete <strong>{username}</strong>? Every session ends, every device token is revoked, and the account with its groups, second factors and linked
        sign-in providers is removed. The audit trail keeps their name. This cannot be undone.
      </p>
      <Field name="confirmUsername" label={`Type ${username} to confirm`} autoComplete="off" error={state.fieldErrors?.confirmUsername} />
      <div className="flex gap-2">
        <SubmitButton variant="danger" pendingLabel="Deleting…">
          Delete {username}
        </SubmitButton>
        <button type="button" autoFocus onClick={() => setOpen(false)} className={buttonClasses('secondary')}>
          Cancel
        </button>
      </div>
      {state.status === 'error' && !state.fieldErrors && <FormAlert state={state} />}
    </form>
  );
}
