'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/safe-action';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { checkConnection } from '@/lib/paperless/check-connection';
import { ConnectionInput, saveConnection } from '@/lib/paperless/connection';
import { setGroupMapping } from '@/lib/paperless/group-mappings';

export const saveConnectionAction = adminAction(
  'app/(dashboard)/admin/paperless/actions.ts#saveConnectionAction',
  ConnectionInput,
  async (values, { actor, meta }) => {
    const env = getEnv();
    await saveConnection(getDb(), { values, actor, meta, env });
    const check = await checkConnection(getDb(), { actor, meta, env });
    revalidatePath('/admin/paperless');
    return check.ok
      ? { status: 'success', message: `Saved. Paperless ${check.version ?? ''} answers and the admin token has what Gatehouse needs.`.replace('  ', ' ') }
      : { status: 'error', message: `Saved, but the check found problems: ${check.problems.join(' ')}` };
  },
);

export const checkConnectionAction = adminAction(
  'app/(dashboard)/admin/paperless/actions.ts#checkConnectionAction',
  z.object({}),
  async (_input, { actor, meta }) => {
    const check = await checkConnection(getDb(), { actor, meta, env: getEnv() });
    revalidatePath('/admin/paperless');
    return check.ok
      ? { status: 'success', message: 'Paperless answers and the admin token has what Gatehouse needs.' }
      : { status: 'error', message: check.problems.join(' ') };
  },
);

export const setGroupMappingAction = adminAction(
  'app/(dashboard)/admin/paperless/actions.ts#setGroupMappingAction',
  z.object({ groupId: z.string().min(1).max(64), paperlessGroupId: z.union([z.literal(''), z.string().regex(/^\d{1,9}$/, 'Choose a Paperless group.')]) }),
  async ({ groupId, paperlessGroupId }, { actor, meta }) => {
    const { warnings } = await setGroupMapping(getDb(), {
      groupId,
      paperlessGroupId: paperlessGroupId === '' ? null : Number(paperlessGroupId),
      actor,
      meta,
      env: getEnv(),
    });
    revalidatePath('/admin/paperless');
    return {
      status: 'success',
      message: paperlessGroupId === '' ? 'Not mapped any more.' : `Saved.${warnings.length ? ` Warning: ${warnings.map((w) => w.message).join(' ')}` : ''}`,
    };
  },
);
