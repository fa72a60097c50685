import { authorizeRoute } from '@/lib/auth/current-session';
import { getEnv } from '@/lib/env';
import { readOutboxMessage } from '@/lib/mail/outbox';

export const dynamic = 'force-dynamic';

/**
 * The HTML part of an outbox message, for the sandboxed frame on the message page. It gets its
 * own policy: inline styles (mail needs them), nothing else — no scripts, no requests.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const access = await authorizeRoute('/api/admin/outbox/[id]/html/route', request);
  if (!access.ok) return access.response;
  const { id } = await params;
  const message = await readOutboxMessage(getEnv().outboxDir, id);
  if (!message?.html) return new Response('Not found', { status: 404 });
  return new Response(message.html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'",
      'X-Frame-Options': 'SAMEORIGIN',
      'Cache-Control': 'no-store',
    },
  });
}
