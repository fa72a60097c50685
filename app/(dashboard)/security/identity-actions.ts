'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { userAction } from '@/lib/actions/safe-action';
import { getDb } from '@/lib/db';
import { setAllowLinking, unlinkIdentity } from '@/lib/auth/identity/linked-identities';

export const setAllowLinkingAction = userAction(
  'app/(dashboard)/security/identity-actions.ts#setAllowLinkingAction',
  z.object({ allow: z.enum(['yes', 'no']) }),
  async ({ allow }, { actor, meta }) => {
    await setAllowLinking(getDb(), { actor, allow: allow === 'yes', meta });
    revalidatePath('/security');
    return {
      status: 'success',
      message:
        allow === 'yes'
          ? 'A sign-in provider that confirms your email address can now be linked to your account the next time you use it.'
          : 'No new sign-in provider will be linked to your account.',
    };
  },
);

export const unlinkIdentityAction = userAction(
  'app/(dashboard)/security/identity-actions.ts#unlinkIdentityAction',
  z.object({ identityId: z.string().min(1).max(64) }),
  async ({ identityId }, { actor, meta }) => {
    const { provider } = await unlinkIdentity(getDb(), { actor, identityId, meta });
    revalidatePath('/security');
    return { status: 'success', message: `${provider} is no longer linked to your account.` };
  },
);
