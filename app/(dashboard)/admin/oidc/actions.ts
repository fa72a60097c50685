'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/safe-action';
import { getEnv } from '@/lib/config';
import { getDb } from '@/lib/db';
import { rotateSigningKeys } from '@/lib/oidc/signing-keys';

export const rotateSigningKeysAction = adminAction(
  'app/(dashboard)/admin/oidc/actions.ts#rotateSigningKeysAction',
  z.object({}),
  async (_input, { actor, meta }) => {
    const { kids } = await rotateSigningKeys(getDb(), { actor, meta, env: getEnv() });
    revalidatePath('/admin/oidc');
    return {
      status: 'success',
      message: `New signing keys ${kids.join(' and ')} sign from now on; the old public keys stay published until their tokens expire.`,
    };
  },
);
