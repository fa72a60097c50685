'use client';
import Link from 'next/link';
import { Field } from '@/components/forms/field';
import { FieldHelp, ShownFieldMarker } from '@/components/forms/field-help';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextArea } from '@/components/forms/text-area';
import { inputClasses } from '@/components/forms/field';
import { useFormKey } from '@/components/forms/use-form-key';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { buttonClasses } from '@/components/ui/button';
import { IDLE } from '@/lib/actions/form-state';
import type { TApplicationFormFields } from '@/lib/applications/application-form';
import { saveApplicationAction } from './actions';
import { IconPicker } from './icon-picker';

type Choices = { groups: string[]; users: string[] };

function RadioGroup({ name, legend, value, options, error }: { name: string; legend: string; value: string; options: [string, string][]; error?: string }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium">{legend}</legend>
      <div className="mt-2 space-y-2">
        {options.map(([option, label]) => (
          <label key={option} className="flex items-start gap-2 text-sm">
            <input type="radio" name={name} value={option} defaultChecked={value === option} className="mt-0.5 size-4" />
            <span>{label}</span>
          </label>
        ))}
      </div>
      <FieldHelp fieldId={`field-${name}`} error={error} />
      <ShownFieldMarker name={name} shown />
    </fieldset>
  );
}

export function ApplicationForm({
  id,
  initial,
  choices,
  uploadedSrc,
}: {
  id?: string;
  initial: TApplicationFormFields;
  choices: Choices;
  uploadedSrc?: string;
}) {
  const [state, action] = useGuardedActionState(saveApplicationAction, IDLE);
  const formKey = useFormKey(state);
  const e = state.fieldErrors ?? {};
  const v = state.values;
  const text = (name: Exclude<keyof TApplicationFormFields, 'subjects' | 'showOnLauncher'>) => (v ? (v[name] ?? '') : initial[name]);
  const subjects = v ? (v.subjects ?? '').split('\n').filter(Boolean) : initial.subjects;
  const launcher = v ? v.showOnLauncher === 'on' : initial.showOnLauncher;
  return (
    <form key={formKey} action={action} className="space-y-5" noValidate>
      <FormAlert state={state} />
      {id && <input type="hidden" name="id" value={id} />}
      <Field name="name" label="Name" defaultValue={text('name')} error={e.name} required maxLength={80} description="What users see on the launcher." />
      <TextArea
        name="urls"
        label="Address(es)"
        defaultValue={text('urls')}
        error={e.urls}
        rows={2}
        description="One per line, only scheme, host and port: https://paperless.example.com or http://whoami.localhost:8080. The first is where the launcher sends users."
      />
      <Field
        name="upstream"
        label="Upstream"
        defaultValue={text('upstream')}
        error={e.upstream}
        description="Where the proxy forwards allowed requests, such as http://127.0.0.1:8000."
      />
      <fieldset>
        <legend className="text-sm font-medium">Who may use it</legend>
        <select
          multiple
          name="subjects"
          aria-label="Users and groups who may use it"
          aria-describedby="field-subjects-description"
          defaultValue={subjects}
          size={Math.min(8, choices.groups.length + choices.users.length + 2)}
          className={`${inputClasses} mt-1`}
        >
          <optgroup label="Groups">
            {choices.groups.map((name) => (
              <option key={name} value={`group:${name}`}>{`group: ${name}`}</option>
            ))}
          </optgroup>
          <optgroup label="Users">
            {choices.users.map((name) => (
              <option key={name} value={`user:${name}`}>{`user: ${name}`}</option>
            ))}
          </optgroup>
        </select>
        <FieldHelp fieldId="field-subjects" description="None selected: every signed-in user. Others who sign in are refused (403)." error={e.subjects} />
        <ShownFieldMarker name="subjects" shown />
      </fieldset>
      <RadioGroup
        name="level"
        legend="Level it needs"
        value={text('level')}
        error={e.level}
        options={[
          ['two_factor', 'Two factors: a password and a second factor (recommended)'],
          ['one_factor', 'One factor: signed in with a password, passkey or provider'],
        ]}
      />
      <TextArea
        name="publicPaths"
        label="Public paths (optional)"
        defaultValue={text('publicPaths')}
        error={e.publicPaths}
        rows={2}
        description="One path prefix per line that anyone may open without signing in, such as /static/. Matched ignoring case."
      />
      <IconPicker initial={text('icon')} uploadedSrc={uploadedSrc} error={e.icon ?? e.iconFile ?? e.iconUpload} />
      <Field name="description" label="Description (optional)" defaultValue={text('description')} error={e.description} maxLength={300} />
      <RadioGroup
        name="kind"
        legend="Kind"
        value={text('kind')}
        error={e.kind}
        options={[
          ['generic', 'A web application'],
          ['paperless', 'Paperless-ngx (its connection, group mapping and device tokens)'],
        ]}
      />
      <Field
        name="slug"
        label="Short name (optional)"
        defaultValue={text('slug')}
        error={e.slug}
        description="Lower-case letters, digits and dashes; made from the name when empty."
      />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="showOnLauncher" defaultChecked={launcher} className="size-4 rounded border-zinc-300" />
        Show on the launcher (the home page of the users who may use it)
      </label>
      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingLabel="Saving…">{id ? 'Save application' : 'Add application'}</SubmitButton>
        <Link href="/admin/applications" className={buttonClasses('secondary')}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
