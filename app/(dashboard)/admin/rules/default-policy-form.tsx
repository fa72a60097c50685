'use client';
import type { ReactNode } from 'react';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { inputClasses } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { IDLE } from '@/lib/actions/form-state';
import { POLICIES, type TPolicy } from '@/lib/policy/types';
import { setAdminsMustUseSecondFactorAction, setDefaultPolicyAction, setRequireTwoFactorAction } from './actions';
import { POLICY_TEXT } from './policy-text';

export function DefaultPolicyForm({ current }: { current: TPolicy }) {
  const [state, action] = useGuardedActionState(setDefaultPolicyAction, IDLE);
  return (
    <form action={action} className="space-y-3">
      <FormAlert state={state} />
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="default-policy" className="block text-sm font-medium">
            When no rule matches
          </label>
          <select id="default-policy" name="policy" defaultValue={current} className={`${inputClasses} mt-1`}>
            {POLICIES.map((p) => (
              <option key={p} value={p}>
                {POLICY_TEXT[p].label}: {POLICY_TEXT[p].effect}
              </option>
            ))}
          </select>
        </div>
        <SubmitButton variant="secondary" pendingLabel="Saving…">
          Save default
        </SubmitButton>
      </div>
    </form>
  );
}

/** One on/off setting (field "required"): a checkbox that says what it does, and Save. */
function SettingForm({
  action: serverAction,
  current,
  title,
  children,
}: {
  action: typeof setRequireTwoFactorAction;
  current: boolean;
  title: string;
  children: ReactNode;
}) {
  const [state, action] = useGuardedActionState(serverAction, IDLE);
  return (
    <form action={action} className="space-y-3">
      <FormAlert state={state} />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="required" value="on" defaultChecked={current} className="mt-0.5 size-4" />
        <span>
          <span className="font-medium">{title}</span> {children}
        </span>
      </label>
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Save
      </SubmitButton>
    </form>
  );
}

export function RequireTwoFactorForm({ current }: { current: boolean }) {
  return (
    <SettingForm action={setRequireTwoFactorAction} current={current} title="A second factor for everyone.">
      Rules that ask for one factor ask for two, and people without a second factor are guided to add one when they sign in.
    </SettingForm>
  );
}

export function AdminsSecondFactorForm({ current }: { current: boolean }) {
  return (
    <SettingForm action={setAdminsMustUseSecondFactorAction} current={current} title="Admins must use a second factor.">
      An admin without one is sent to add one before any admin page opens. Recommended: with it off, a leaked admin password alone opens the admin pages. Turn
      it off only while an admin cannot add a factor (for example, no mail server and no other admin to pass on the link); admins who have a factor always need
      it here, whatever this says.
    </SettingForm>
  );
}
