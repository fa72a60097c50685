'use client';
import { useState } from 'react';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import type { FormState } from '@/lib/actions/form-state';
import { ConflictChoice } from './conflict-choice';
import { FileChoice } from './file-choice';
import { MAX_CONFIGURATION_BYTES, MAX_STORAGE_BYTES, MAX_USERS_DATABASE_BYTES } from './import-limits';

/** Where Authelia is (uploaded files or a server folder), the secrets the files lack, and the conflict choice; then the dry run. */
export function SourceForm({ action, state }: { action: (form: FormData) => void; state: FormState }) {
  const [source, setSource] = useState(state.values?.source === 'folder' ? 'folder' : 'upload');
  const errors = state.fieldErrors ?? {};
  const reported = typeof state.data?.stagingId === 'string';
  return (
    <form action={action} className="space-y-5" noValidate>
      {!reported && <FormAlert state={state} />}
      <fieldset>
        <legend className="text-sm font-medium">Authelia's files</legend>
        <div className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-sm">
          {(['upload', 'folder'] as const).map((value) => (
            <label key={value} className="flex items-center gap-2">
              <input type="radio" name="source" value={value} checked={source === value} onChange={() => setSource(value)} className="size-4" />
              {value === 'upload' ? 'upload them' : 'a folder on this server'}
            </label>
          ))}
        </div>
      </fieldset>
      {source === 'upload' ? (
        <div className="grid gap-4 md:grid-cols-3">
          <FileChoice
            name="configurationSecretFile"
            label="configuration.yml"
            accept=".yml,.yaml"
            maxBytes={MAX_CONFIGURATION_BYTES}
            error={errors.configurationSecretFile}
          />
          <FileChoice
            name="usersSecretFile"
            label="users_database.yml"
            accept=".yml,.yaml"
            maxBytes={MAX_USERS_DATABASE_BYTES}
            error={errors.usersSecretFile}
          />
          <FileChoice
            name="storageSecretFile"
            label="authelia.db (SQLite storage)"
            accept=".db,.sqlite,.sqlite3"
            maxBytes={MAX_STORAGE_BYTES}
            binary
            error={errors.storageSecretFile}
          />
        </div>
      ) : (
        <Field
          name="folder"
          label="Folder"
          placeholder="/srv/authelia"
          defaultValue={state.values?.folder ?? ''}
          error={errors.folder}
          description="Gatehouse reads configuration.yml there, the files it names, and the secrets in .secrets/ (the *_FILE variables)."
          spellCheck={false}
          autoComplete="off"
        />
      )}
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">Secrets not in the files</legend>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          Only what the files do not hold. Kept in memory for this import, never shown again, never logged.
        </p>
        <div className="grid gap-4 md:grid-cols-3">
          <Field name="encryptionKeySecret" type="password" label="Storage encryption key" autoComplete="off" error={errors.encryptionKeySecret} />
          <Field name="smtpPassword" type="password" label="SMTP password" autoComplete="off" error={errors.smtpPassword} />
          <Field name="postgresPassword" type="password" label="PostgreSQL storage password" autoComplete="off" error={errors.postgresPassword} />
        </div>
      </fieldset>
      <ConflictChoice initial={state.values?.onConflict} error={errors.mergeConsent} />
      <SubmitButton pendingLabel="Reading Authelia's files…">Dry run</SubmitButton>
    </form>
  );
}
