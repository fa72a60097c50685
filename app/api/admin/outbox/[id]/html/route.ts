import { route } from '@/lib/actions/route';
import { authorizeRoute } from '@/lib/auth/current-session';
import { getEnv } from '@/lib/config';
import { htmlPreviewResponse } from '@/lib/mail/html-preview';
import { readOutboxMessage } from '@/lib/mail/outbox';

export const dynamic = 'force-dynamic';

/** The HTML part of an outbox message, for the sandboxed frame on the message page (lib/mail/html-preview.ts). */
export const GET = route<{ id: string }>(
  (request) => authorizeRoute('/api/admin/outbox/[id]/html/route', request),
  async ({ params }) => {
    const message = await readOutboxMessage(getEnv().outboxDir, params.id);
    if (!message?.html) return new Response('Not found', { status: 404 });
    return htmlPreviewResponse(message.html);
  },
);
