import { route } from '@/lib/actions/route';
import { applicationIconResponse } from '@/lib/applications/icon-response';
import { authorizeRoute } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';

export const dynamic = 'force-dynamic';

/** An application's uploaded icon, for signed-in users (the launcher); anyone else gets 404. */
export const GET = route<{ id: string }>(
  (request) => authorizeRoute('/api/applications/[id]/icon/route', request),
  async ({ params }) => applicationIconResponse(getDb(), params.id),
);
