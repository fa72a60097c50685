'use client';
import Link from 'next/link';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextArea } from '@/components/forms/text-area';
import { useFormKey } from '@/components/forms/use-form-key';
import { buttonClasses } from '@/components/ui/button';
import { IDLE } from '@/lib/actions/form-state';
import { POLICIES } from '@/lib/policy/types';
import { PATHS_FIELD_HELP, type RuleFormFields } from '@/lib/rules/rule-form';
import { saveRuleAction } from './actions';
import { POLICY_TEXT } from './policy-text';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export function RuleForm({ id, initial, position, count }: { id?: string; initial: RuleFormFields; position?: number; count?: number }) {
  const [state, action] = useGuardedActionState(saveRuleAction, IDLE);
  const formKey = useFormKey(state);
  const e = state.fieldErrors ?? {};
  // After a refusal, show what was typed; otherwise the stored rule.
  const v = state.values ?? {};
  const text = (name: keyof RuleFormFields) => (state.values ? (v[name] ?? '') : (initial[name] as string));
  const methods = state.values ? (v.methods ?? '').split('\n').filter(Boolean) : initial.methods;
  const policy = state.values ? v.policy : initial.policy;
  return (
    <form key={formKey} action={action} className="space-y-5" noValidate>
      <FormAlert state={state} />
      {id && <input type="hidden" name="id" value={id} />}
      <Field
        name="description"
        label="Description (optional)"
        defaultValue={text('description')}
        error={e.description}
        description="Shown in the rule list and the audit log."
      />
      <TextArea
        name="domains"
        label="Domains"
        defaultValue={text('domains')}
        error={e.domains}
        description="One per line: paperless.example.com, or *.example.com for every subdomain. Empty: any domain."
      />
      <TextArea name="paths" label="Paths" defaultValue={text('paths')} error={e.paths} description={PATHS_FIELD_HELP} />
      <fieldset>
        <legend className="text-sm font-medium">Methods</legend>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">None ticked: any method.</p>
        <div className="mt-2 flex flex-wrap gap-3">
          {METHODS.map((method) => (
            <label key={method} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" name="methods" value={method} defaultChecked={methods.includes(method)} className="size-4 rounded border-zinc-300" />
              <span className="font-mono">{method}</span>
            </label>
          ))}
        </div>
        {e.methods && <p className="mt-1 text-sm text-red-700 dark:text-red-400">{e.methods}</p>}
      </fieldset>
      <TextArea
        name="subjects"
        label="Who"
        defaultValue={text('subjects')}
        error={e.subjects}
        description='One alternative per line: user:anna, group:family, or "group:family & group:paperless" for members of both. Empty: anyone, signed in or not.'
      />
      <TextArea
        name="networks"
        label="Client networks"
        defaultValue={text('networks')}
        error={e.networks}
        description="One per line: 192.168.1.0/24, 10.0.0.5, fd00::/8. Empty: any address."
      />
      <fieldset>
        <legend className="text-sm font-medium">Then</legend>
        <div className="mt-2 space-y-2">
          {POLICIES.map((p) => (
            <label key={p} className="flex items-start gap-2 text-sm">
              <input type="radio" name="policy" value={p} defaultChecked={policy === p} className="mt-0.5 size-4" />
              <span>
                <span className="font-medium">{POLICY_TEXT[p].label}</span> — {POLICY_TEXT[p].effect}
              </span>
            </label>
          ))}
        </div>
        {e.policy && <p className="mt-1 text-sm text-red-700 dark:text-red-400">{e.policy}</p>}
      </fieldset>
      {!id && count !== undefined && (
        <Field
          name="position"
          label="Position"
          type="number"
          min={1}
          max={count + 1}
          defaultValue={String(position ?? count + 1)}
          error={e.position}
          description={`1 puts it first; ${count + 1} (the default) puts it last.`}
          className="max-w-40"
        />
      )}
      <div className="flex gap-2">
        <SubmitButton pendingLabel="Saving…">{id ? 'Save rule' : 'Add rule'}</SubmitButton>
        <Link href="/admin/rules" className={buttonClasses('secondary')}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
