/**
 * Which paths a signed-out visitor may open. proxy.ts uses this for its optimistic redirect to
 * the sign-in page; the real checks happen in every page and action (lib/auth/current-session).
 */
const PUBLIC_EXACT = new Set(['/sign-in', '/favicon.ico', '/icon.svg']);
const PUBLIC_PREFIXES = ['/sign-in/', '/setup/', '/password/', '/api/', '/_next/'];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_EXACT.has(pathname) || PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}
