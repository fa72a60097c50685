'use client';
import { useActionState } from 'react';
import { inputClasses } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { IDLE } from '@/lib/actions/form-state';
import { POLICIES, type TPolicy } from '@/lib/policy/types';
import { setDefaultPolicyAction } from './actions';
import { POLICY_TEXT } from './policy-text';

export function DefaultPolicyForm({ current }: { current: TPolicy }) {
  const [state, action] = useActionState(setDefaultPolicyAction, IDLE);
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
