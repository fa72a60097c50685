import { route } from '@/lib/actions/route';
import { authorizeRoute } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { exportRules } from '@/lib/rules/export-rules';

export const dynamic = 'force-dynamic';

/** The hand-written access rules as a YAML download (admins only; anyone else gets 404). */
export const GET = route(
  (request) => authorizeRoute('/api/admin/rules/export/route', request),
  async () => {
    const { yaml } = await exportRules(getDb());
    return new Response(yaml, {
      headers: {
        'Content-Type': 'application/yaml; charset=utf-8',
        'Content-Disposition': 'attachment; filename="gatehouse-access-rules.yml"',
        'Cache-Control': 'no-store',
      },
    });
  },
);
