import { findTemplateSample } from '@/app/(dashboard)/admin/mail/template-samples';
import { authorizeRoute } from '@/lib/auth/current-session';
import { getEnv } from '@/lib/env';

export const dynamic = 'force-dynamic';

/**
 * A mail template's HTML rendered with sample data, for the sandboxed frame of the templates
 * preview on /admin/mail. Same policy as the outbox's HTML view: inline styles, nothing else.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const access = await authorizeRoute('/api/admin/mail/templates/[id]/html/route', request);
  if (!access.ok) return access.response;
  const { id } = await params;
  const sample = findTemplateSample(id);
  if (!sample) return new Response('Not found', { status: 404 });
  const env = getEnv();
  return new Response(sample.render({ appName: env.appName, url: env.url }).html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'",
      'X-Frame-Options': 'SAMEORIGIN',
      'Cache-Control': 'no-store',
    },
  });
}
