'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/safe-action';
import { getDb } from '@/lib/db';
import { liftBan } from '@/lib/regulation/bans';

export const liftBanAction = adminAction(
  'app/(dashboard)/admin/bans/actions.ts#liftBanAction',
  z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
  async ({ id }, { actor, meta }) => {
    const { label } = await liftBan(getDb(), { id, actor, meta });
    revalidatePath('/admin/bans');
    return { status: 'success', message: `Ban on ${label} lifted.` };
  },
);
