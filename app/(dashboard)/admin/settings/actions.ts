'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/safe-action';
import { getDb } from '@/lib/db';
import { dismissFirstRunChecklist } from '@/lib/settings/dismiss-first-run-checklist';
import { ZMailSettings } from '@/lib/settings/mail-changes';
import { saveMailSettings } from '@/lib/settings/save-mail-settings';
import { sendSettingsTestMail } from '@/lib/settings/send-settings-test-mail';
import { savePortalSettings } from '@/lib/settings/save-portal-settings';
import { ZEmail } from '@/lib/users/schemas';

const ZPortalForm = z.object({
  url: z.string().max(2000).optional(),
  cookieDomain: z.string().max(253).optional(),
  confirm: z.enum(['yes']).optional(),
});

export const savePortalSettingsAction = adminAction(
  'app/(dashboard)/admin/settings/actions.ts#savePortalSettingsAction',
  ZPortalForm,
  async ({ url, cookieDomain, confirm }, { actor, meta }) => {
    const values = { url: url ?? '', cookieDomain: cookieDomain ?? '' };
    const result = await savePortalSettings(getDb(), { url, cookieDomain, confirmed: confirm === 'yes', actor, meta });
    if (result.status === 'invalid')
      return {
        status: 'error',
        message: result.message,
        fieldErrors: { [result.field === 'GATEHOUSE_COOKIE_DOMAIN' ? 'cookieDomain' : 'url']: result.message },
        values,
      };
    if (result.status === 'needs-confirmation') return { status: 'idle', values, data: { ...result.impact, needsConfirmation: true } };
    revalidatePath('/admin', 'layout');
    return {
      status: 'success',
      message: `Saved. The portal answers at ${result.url}${result.cookieDomain ? ` with its cookie on ${result.cookieDomain}` : ''}; no restart is needed.`,
      values: { url: result.url, cookieDomain: result.cookieDomain ?? '' },
    };
  },
);

const ZMailForm = ZMailSettings.extend({ intent: z.enum(['save', 'test']), to: z.string().max(320).optional() });

export const mailSettingsAction = adminAction('app/(dashboard)/admin/settings/actions.ts#mailSettingsAction', ZMailForm, async (input, { actor, meta }) => {
  const { intent, to, ...settings } = input;
  if (intent === 'test') {
    const address = ZEmail.safeParse(to ?? '');
    if (!address.success) return { status: 'error', message: 'Enter the address to send the test message to.', fieldErrors: { to: 'Enter an email address.' } };
    const sent = await sendSettingsTestMail(getDb(), { settings, to: address.data, actor, meta });
    if (!sent.ok)
      return { status: 'error', message: sent.message, ...(sent.field && sent.field !== 'form' ? { fieldErrors: { [sent.field]: sent.message } } : {}) };
    return {
      status: 'success',
      message:
        sent.via === 'smtp'
          ? `${sent.server} accepted the test message to ${address.data}${sent.response ? `: “${sent.response}”` : '.'} Nothing is saved yet.`
          : `No SMTP server in the form: the test message to ${address.data} is in the outbox. Nothing is saved yet.`,
      data: { response: sent.ok && sent.response ? sent.response : null },
    };
  }
  const saved = await saveMailSettings(getDb(), { settings, actor, meta });
  revalidatePath('/admin', 'layout');
  return {
    status: 'success',
    message: saved.smtp ? 'Saved. Mail is now sent over SMTP; no restart is needed.' : 'Saved. Mail is kept in the outbox (Mail page).',
  };
});

export const dismissChecklistAction = adminAction(
  'app/(dashboard)/admin/settings/actions.ts#dismissChecklistAction',
  z.object({}),
  async (_input, { user, actor, meta }) => {
    await dismissFirstRunChecklist(getDb(), { userId: user.id, actor, meta });
    revalidatePath('/admin');
    return { status: 'success', message: 'The checklist is hidden.' };
  },
);
