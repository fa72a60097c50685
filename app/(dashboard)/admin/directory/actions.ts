'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/safe-action';
import { getDb } from '@/lib/db';
import { ZDirectorySettings } from '@/lib/directory/admin/directory-form';
import { saveDirectorySettings } from '@/lib/directory/admin/save-directory-settings';
import { testDirectoryForm } from '@/lib/directory/admin/test-directory-form';
import { syncDirectoryNow } from '@/lib/directory/sync/sync-directory-now';

const ZForm = ZDirectorySettings.extend({ intent: z.enum(['save', 'test-connection', 'test-user']), login: z.string().max(300).optional() });

export const directorySettingsAction = adminAction(
  'app/(dashboard)/admin/directory/actions.ts#directorySettingsAction',
  ZForm,
  async (input, { actor, meta }) => {
    const { intent, login, ...settings } = input;
    if (intent !== 'save') {
      if (intent === 'test-user' && !login?.trim())
        return { status: 'error', message: 'Enter the username to look up.', fieldErrors: { login: 'Enter a username.' } };
      const view = await testDirectoryForm(getDb(), { settings, login: intent === 'test-user' ? login : undefined, actor, meta });
      return { status: view.ok ? 'success' : 'error', message: view.summary, data: { result: JSON.stringify(view.view) } };
    }
    const saved = await saveDirectorySettings(getDb(), { settings, actor, meta });
    revalidatePath('/admin/directory');
    return {
      status: 'success',
      message: saved.on ? 'Saved. Directory users can sign in with these settings now; no restart is needed.' : 'Saved. Directory sign-in is off.',
    };
  },
);

export const syncDirectoryNowAction = adminAction(
  'app/(dashboard)/admin/directory/actions.ts#syncDirectoryNowAction',
  z.object({}),
  async (_input, { actor, meta }) => {
    const result = await syncDirectoryNow(getDb(), { actor, meta });
    revalidatePath('/admin/directory');
    return { status: result.ok ? 'success' : 'error', message: result.message };
  },
);
