'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/safe-action';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { sendTestMail } from '@/lib/mail/send-test-mail';
import { ZEmail } from '@/lib/users/schemas';

export const sendTestMailAction = adminAction(
  'app/(dashboard)/admin/mail/actions.ts#sendTestMailAction',
  z.object({ to: ZEmail }),
  async ({ to }, { actor, meta }) => {
    const result = await sendTestMail(getDb(), { to, actor, meta, env: getEnv() });
    revalidatePath('/admin/mail');
    if (!result.ok) return { status: 'error', message: `The test email could not be sent: ${result.error}`, values: { to } };
    return {
      status: 'success',
      message:
        result.via === 'smtp'
          ? `Sent to ${to}. Check that inbox (and its spam folder).`
          : `No mail server is configured: the message to ${to} is in the outbox below.`,
      values: { to },
    };
  },
);
