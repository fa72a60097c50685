'use client';
import { useActionState, useRef } from 'react';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextArea } from '@/components/forms/text-area';
import { useFormKey } from '@/components/forms/use-form-key';
import { IDLE } from '@/lib/actions/form-state';
import { importRulesAction } from '../actions';

const MAX_FILE = 1024 * 1024;

export function ImportForm() {
  const [state, action] = useActionState(importRulesAction, IDLE);
  const formKey = useFormKey(state);
  const text = useRef<HTMLTextAreaElement>(null);
  const report = typeof state.data?.report === 'string' ? state.data.report : '';
  async function loadFile(file: File | undefined) {
    if (!file || !text.current) return;
    text.current.value = file.size > MAX_FILE ? '# The chosen file is larger than 1 MiB and was not loaded.' : await file.text();
  }
  return (
    <form key={formKey} action={action} className="space-y-4" noValidate>
      <FormAlert state={state} />
      {report && (
        <div>
          <p className="text-sm font-medium">Problems, by line</p>
          <pre data-testid="import-report" className="mt-1 max-h-64 overflow-auto rounded-md bg-red-50 p-3 text-xs whitespace-pre-wrap text-red-900 dark:bg-red-950 dark:text-red-100">
            {report}
          </pre>
        </div>
      )}
      <div>
        <label htmlFor="import-file" className="block text-sm font-medium">
          Load a file
        </label>
        <input id="import-file" type="file" accept=".yml,.yaml,text/yaml,text/plain" onChange={(e) => loadFile(e.target.files?.[0])} className="mt-1 block text-sm" />
      </div>
      <TextArea
        ref={text}
        name="yaml"
        label="Rules as YAML"
        rows={14}
        defaultValue={state.values?.yaml ?? ''}
        error={state.fieldErrors?.yaml}
        spellCheck={false}
        description="Authelia's configuration.yml works as is: Gatehouse reads access_control (default_policy, networks, rules) and ignores the rest."
      />
      <fieldset>
        <legend className="text-sm font-medium">The imported rules</legend>
        <div className="mt-2 space-y-1 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="mode" value="append" defaultChecked={(state.values?.mode ?? 'append') === 'append'} className="size-4" /> go after the existing rules
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="mode" value="replace" defaultChecked={state.values?.mode === 'replace'} className="size-4" /> replace all existing rules
          </label>
        </div>
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="skipInvalid" value="on" className="size-4" /> skip the rules that cannot be imported (otherwise nothing is imported while there are problems)
      </label>
      <div className="flex flex-wrap gap-2">
        <SubmitButton name="intent" value="check" variant="secondary" pendingLabel="Checking…">
          Check
        </SubmitButton>
        <SubmitButton name="intent" value="import" pendingLabel="Importing…">
          Import
        </SubmitButton>
      </div>
    </form>
  );
}
