import { findTemplateSample } from '@/app/(dashboard)/admin/mail/template-samples';
import { route } from '@/lib/actions/route';
import { authorizeRoute } from '@/lib/auth/current-session';
import { getEnv } from '@/lib/config';
import { htmlPreviewResponse } from '@/lib/mail/html-preview';

export const dynamic = 'force-dynamic';

/**
 * A mail template's HTML rendered with sample data, for the sandboxed frame of the templates
 * preview on /admin/mail. Same policy as the outbox's HTML view: inline styles, nothing else.
 */
export const GET = route<{ id: string }>(
  (request) => authorizeRoute('/api/admin/mail/templates/[id]/html/route', request),
  async ({ params }) => {
    const sample = findTemplateSample(params.id);
    if (!sample) return new Response('Not found', { status: 404 });
    const env = getEnv();
    return htmlPreviewResponse(sample.render({ appName: env.appName, url: env.url }).html);
  },
);
