import { route } from '@/lib/actions/route';
import { authorizeRoute } from '@/lib/auth/current-session';
import { getEnv } from '@/lib/config';
import { getDb } from '@/lib/db';
import { readBrowserId } from '@/lib/mfa/browser-id';
import { checkFactorChangeRequest } from '@/lib/mfa/check-factor-change-request';

export const dynamic = 'force-dynamic';

/** The waiting page's poll: the state of this browser's own factor-change request, else `none`. */
export const GET = route<{ id: string }>(
  (request) => authorizeRoute('/api/security/factor-change-requests/[id]/route', request),
  async ({ params, user, meta }) => {
    const { status } = await checkFactorChangeRequest(getDb(), {
      requestId: params.id,
      userId: user.id,
      browserId: await readBrowserId(),
      meta,
      env: getEnv(),
    });
    return Response.json({ status }, { headers: { 'Cache-Control': 'no-store' } });
  },
);
