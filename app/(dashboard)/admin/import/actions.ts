'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { FormState } from '@/lib/actions/form-state';
import { adminAction } from '@/lib/actions/safe-action';
import { dryRunAutheliaImport } from '@/lib/authelia-import/apply/dry-run-import';
import { importStagedAuthelia } from '@/lib/authelia-import/apply/import-staged';
import { getEnv } from '@/lib/config';
import { getDb } from '@/lib/db';
import { MAX_CONFIGURATION_BYTES, MAX_STORAGE_BYTES, MAX_USERS_DATABASE_BYTES, sizeText } from './import-limits';

// The files' fields are named *Secret*: they may hold secrets (an inline SMTP password, the
// storage), and the action pipeline never echoes such a field back into the page.
const text = (max: number, what: string) =>
  z
    .string()
    .refine((value) => Buffer.byteLength(value, 'utf8') <= max, `${what} is larger than ${sizeText(max)}: import it from its folder on the server instead.`);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const secret = z.string().max(1000, 'That is longer than any key Authelia uses.').optional();

const ZChoices = {
  onConflict: z.enum(['skip', 'merge']).default('skip'),
  mergeConsent: z.enum(['yes']).optional(),
};

const ZDryRun = z.object({
  source: z.enum(['upload', 'folder']),
  folder: z.string().max(4096).optional(),
  configurationSecretFile: text(MAX_CONFIGURATION_BYTES, 'configuration.yml').optional(),
  usersSecretFile: text(MAX_USERS_DATABASE_BYTES, 'users_database.yml').optional(),
  storageSecretFile: z
    .string()
    .max(Math.ceil(MAX_STORAGE_BYTES / 3) * 4, `authelia.db is larger than ${sizeText(MAX_STORAGE_BYTES)}: import it from its folder on the server instead.`)
    .regex(BASE64, 'authelia.db could not be read. Choose the file again.')
    .optional(),
  encryptionKeySecret: secret,
  smtpPassword: secret,
  postgresPassword: secret,
  ...ZChoices,
});

export const dryRunImportAction = adminAction(
  'app/(dashboard)/admin/import/actions.ts#dryRunImportAction',
  ZDryRun,
  async (input, { actor }): Promise<FormState> => {
    const folder = input.folder?.trim() ?? '';
    if (input.source === 'folder' && !folder.startsWith('/'))
      return { status: 'error', fieldErrors: { folder: 'Give the full path of the folder, such as /srv/authelia.' } };
    if (input.source === 'upload' && !input.configurationSecretFile)
      return { status: 'error', fieldErrors: { configurationSecretFile: 'Choose configuration.yml.' } };
    const dryRun = await dryRunAutheliaImport(getDb(), {
      source:
        input.source === 'folder'
          ? { kind: 'folder', path: folder }
          : {
              kind: 'upload',
              files: {
                configuration: input.configurationSecretFile ?? '',
                usersDatabase: input.usersSecretFile || null,
                storageDb: input.storageSecretFile ? new Uint8Array(Buffer.from(input.storageSecretFile, 'base64')) : null,
              },
            },
      secrets: {
        storageEncryptionKey: input.encryptionKeySecret || undefined,
        smtpPassword: input.smtpPassword || undefined,
        storagePostgresPassword: input.postgresPassword || undefined,
      },
      choices: { onConflict: input.onConflict, mergeConsent: input.mergeConsent === 'yes' },
      actor,
      env: getEnv(),
    });
    return {
      status: 'success',
      message: 'Dry run done: nothing has been imported yet. Review the report, then import.',
      values: { source: input.source, folder, onConflict: input.onConflict },
      data: { stagingId: dryRun.stagingId, report: JSON.stringify(dryRun.report), proxy: JSON.stringify(dryRun.proxy) },
    };
  },
);

export const applyImportAction = adminAction(
  'app/(dashboard)/admin/import/actions.ts#applyImportAction',
  z.object({ stagingId: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/, 'Run the dry run again.'), ...ZChoices }),
  async (input, { actor, meta }) => {
    if (input.onConflict === 'merge' && input.mergeConsent !== 'yes')
      return { status: 'error', fieldErrors: { mergeConsent: 'Tick this to merge, or choose to skip the existing accounts.' } };
    const result = await importStagedAuthelia(getDb(), {
      stagingId: input.stagingId,
      choices: { onConflict: input.onConflict, mergeConsent: input.mergeConsent === 'yes' },
      actor,
      meta,
      env: getEnv(),
    });
    revalidatePath('/admin', 'layout');
    return {
      status: 'success',
      message: result.changed ? 'Imported. Everything below was written in one go.' : 'Nothing changed: everything was already imported.',
      data: { result: JSON.stringify({ changed: result.changed, counts: result.counts, items: result.items }) },
    };
  },
);
