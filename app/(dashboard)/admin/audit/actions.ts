'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/safe-action';
import { formatRetention, parseRetention, saveRetention } from '@/lib/audit/retention';
import { getDb } from '@/lib/db';

const ZRetentionForm = z.object({ mode: z.enum(['forever', 'days']), days: z.string().max(20).optional() });

export const saveRetentionAction = adminAction(
  'app/(dashboard)/admin/audit/actions.ts#saveRetentionAction',
  ZRetentionForm,
  async ({ mode, days }, { actor, meta }) => {
    const parsed = parseRetention(mode === 'forever' ? 'forever' : (days ?? ''));
    if (!parsed.ok || (mode === 'days' && parsed.value === null)) {
      const message = parsed.ok ? 'Enter a number of days, or choose to keep events forever.' : parsed.message;
      return { status: 'error', message, fieldErrors: { days: message } };
    }
    const changed = await saveRetention(getDb(), { value: parsed.value, actor, meta });
    revalidatePath('/admin/audit');
    const what = parsed.value === null ? 'Audit events are kept forever.' : `Audit events older than ${parsed.value} days are deleted daily.`;
    return {
      status: 'success',
      message: changed ? `Saved. ${what}` : `Unchanged. ${what}`,
      values: { mode, days: parsed.value === null ? '' : formatRetention(parsed.value) },
    };
  },
);
