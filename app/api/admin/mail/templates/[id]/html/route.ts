import { findTemplateSample } from '@/app/(dashboard)/admin/mail/template-samples';
import { getCurrentSession } from '@/lib/auth/current-session';
import { getEnv } from '@/lib/env';

export const dynamic = 'force-dynamic';

/**
 * A mail template's HTML rendered with sample data, for the sandboxed frame of the templates
 * preview on /admin/mail. Same policy as the outbox's HTML view: inline styles, nothing else.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const check = await getCurrentSession();
  if (check.status !== 'ok' || !check.user.isAdmin) return new Response('Not found', { status: 404 });
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
