'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/safe-action';
import { getDb } from '@/lib/db';
import { setProxyUpstream, ZProxyUpstream } from '@/lib/proxy-config/set-proxy-upstream';

export const setProxyUpstreamAction = adminAction(
  'app/(dashboard)/admin/proxy/actions.ts#setProxyUpstreamAction',
  z.object({ gatehouse: ZProxyUpstream }),
  async ({ gatehouse }, { actor, meta }) => {
    await setProxyUpstream(getDb(), { upstream: gatehouse, actor, meta });
    revalidatePath('/admin/proxy');
    return { status: 'success', message: gatehouse ? `The configuration now reaches Gatehouse at ${gatehouse}.` : "Back to this machine's address." };
  },
);
