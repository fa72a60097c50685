'use server';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/safe-action';
import { getDb } from '@/lib/db';
import { decideFactorChangeRequest } from '@/lib/mfa/decide-factor-change-request';

const RequestInput = z.object({ requestId: z.string().min(1).max(64) });

/**
 * Approving needs sudo mode (the access table); the waiting browser then continues by itself.
 * No revalidation: the list would drop the decided row and its answer with it; it is gone on the next visit.
 */
export const approveFactorChangeAction = adminAction(
  'app/(dashboard)/admin/factor-change-actions.ts#approveFactorChangeAction',
  RequestInput,
  async ({ requestId }, { actor, meta }) => {
    const { username } = await decideFactorChangeRequest(getDb(), { requestId, decision: 'approve', actor, meta });
    return { status: 'success', message: `Approved: ${username}'s browser continues by itself.` };
  },
);

export const denyFactorChangeAction = adminAction(
  'app/(dashboard)/admin/factor-change-actions.ts#denyFactorChangeAction',
  RequestInput,
  async ({ requestId }, { actor, meta }) => {
    const { username } = await decideFactorChangeRequest(getDb(), { requestId, decision: 'deny', actor, meta });
    return { status: 'success', message: `Denied: ${username} is told nothing was changed.` };
  },
);
