/**
 * A mail's HTML for the sandboxed frames of the admin mail pages (an outbox message, a template
 * preview). It gets its own policy: inline styles (mail needs them), nothing else — no scripts,
 * no requests.
 */
export function htmlPreviewResponse(html: string): Response {
  return new Response(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'",
      'X-Frame-Options': 'SAMEORIGIN',
      'Cache-Control': 'no-store',
    },
  });
}
