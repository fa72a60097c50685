import { route } from '@/lib/actions/route';
import { exportAuditEvents } from '@/lib/audit/export-audit';
import { authorizeRoute } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';

export const dynamic = 'force-dynamic';

/** The audit events of the page's filters as a CSV or JSON Lines download (admins only; anyone else gets 404). */
export const GET = route(
  (request) => authorizeRoute('/api/admin/audit/export/route', request),
  async ({ request, actor, meta }) => exportAuditEvents(getDb(), { params: new URL(request.url).searchParams, actor, meta }),
);
