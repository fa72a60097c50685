'use client';
import { useRef, useState, type FormEvent } from 'react';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { FormAlert } from '@/components/forms/form-alert';
import { CodeBlock } from '@/components/ui/code-block';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextArea } from '@/components/forms/text-area';
import { useFormKey } from '@/components/forms/use-form-key';
import { IDLE, type FormState } from '@/lib/actions/form-state';
import { importRulesAction } from '../actions';
import { MAX_IMPORT_BYTES, TOO_LARGE_MESSAGE } from './import-limits';

export function ImportForm() {
  const [result, action] = useGuardedActionState(importRulesAction, IDLE);
  const formKey = useFormKey(result);
  const text = useRef<HTMLTextAreaElement>(null);
  // Pasted text over the limit is refused here, before it is sent: a request that large would
  // exceed the server actions' body limit and end on an error page with the paste lost.
  const [tooLarge, setTooLarge] = useState<FormState | null>(null);
  const state = tooLarge ?? result;
  const report = typeof state.data?.report === 'string' ? state.data.report : '';
  function checkSize(event: FormEvent<HTMLFormElement>) {
    const bytes = new Blob([text.current?.value ?? '']).size;
    if (bytes <= MAX_IMPORT_BYTES) {
      setTooLarge(null);
      return;
    }
    // A prevented submit never reaches the form's action.
    event.preventDefault();
    const size = `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
    setTooLarge({
      status: 'error',
      message: `Nothing was sent or imported: ${TOO_LARGE_MESSAGE}`,
      fieldErrors: { yaml: `This is ${size}; ${TOO_LARGE_MESSAGE}` },
    });
  }
  async function loadFile(file: File | undefined) {
    if (!file || !text.current) return;
    text.current.value = file.size > MAX_IMPORT_BYTES ? '# The chosen file is larger than 1 MiB and was not loaded.' : await file.text();
  }
  return (
    <form key={formKey} action={action} onSubmit={checkSize} className="space-y-4" noValidate>
      <FormAlert state={state} />
      {report && (
        <div>
          <p className="text-sm font-medium">Problems, by line</p>
          <CodeBlock
            label="Problems, by line"
            testId="import-report"
            className="mt-1 max-h-64 bg-red-50 p-3 text-xs whitespace-pre-wrap text-red-900 dark:bg-red-950 dark:text-red-100"
          >
            {report}
          </CodeBlock>
        </div>
      )}
      <div>
        <label htmlFor="import-file" className="block text-sm font-medium">
          Load a file
        </label>
        <input
          id="import-file"
          type="file"
          accept=".yml,.yaml,text/yaml,text/plain"
          onChange={(e) => loadFile(e.target.files?.[0])}
          className="mt-1 block text-sm"
        />
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
            <input type="radio" name="mode" value="append" defaultChecked={(state.values?.mode ?? 'append') === 'append'} className="size-4" /> go after the
            existing rules
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="mode" value="replace" defaultChecked={state.values?.mode === 'replace'} className="size-4" /> replace all existing rules
          </label>
        </div>
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="skipInvalid" value="on" className="size-4" /> skip the rules that cannot be imported (otherwise nothing is imported while
        there are problems)
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
