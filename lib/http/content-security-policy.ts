/**
 * The Content-Security-Policy for pages: scripts and styles only from this origin or carrying
 * the per-request nonce, no eval in production, no framing, forms only to this portal (and to
 * the apps under the cookie domain it sends people back to).
 */
export function contentSecurityPolicy(input: { nonce: string; dev: boolean; https: boolean; cookieDomain?: string }): string {
  const formTargets = ["'self'", ...(input.cookieDomain ? [`https://*.${input.cookieDomain}`, `https://${input.cookieDomain}`] : [])];
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${input.nonce}' 'strict-dynamic'${input.dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${input.nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action ${formTargets.join(' ')}`,
    "frame-ancestors 'none'",
    // The outbox viewer shows a message's HTML in a sandboxed frame from this origin.
    "frame-src 'self'",
    ...(input.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}
