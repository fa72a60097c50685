import { route } from '@/lib/actions/route';
import { authorizeRoute } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { exportAutheliaYaml } from '@/lib/policy/authelia-yaml';
import { loadRuleSet } from '@/lib/rules/load-rule-set';

export const dynamic = 'force-dynamic';

/** The access rules as a YAML download (admins only; anyone else gets 404). */
export const GET = route(
  (request) => authorizeRoute('/api/admin/rules/export/route', request),
  async () => {
    const { rules, defaultPolicy } = await loadRuleSet(getDb());
    return new Response(exportAutheliaYaml(defaultPolicy, rules), {
      headers: {
        'Content-Type': 'application/yaml; charset=utf-8',
        'Content-Disposition': 'attachment; filename="gatehouse-access-rules.yml"',
        'Cache-Control': 'no-store',
      },
    });
  },
);
