/**
 * Next 16 proxy: runs before every page. Optimistic only — it sets security headers and a CSP
 * nonce, and sends visitors without a session cookie to the sign-in page. Every page and action
 * still checks the session itself (lib/auth/current-session.ts).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { PATHNAME_HEADER } from './lib/auth/current-session-header';
import { getEnv } from './lib/config';
import { contentSecurityPolicy } from './lib/http/content-security-policy';
import { isPublicPath } from './lib/http/public-routes';
import { isSameOriginPost } from './lib/http/same-origin';
import { CROSS_ORIGIN_MESSAGE } from './lib/actions/cross-origin-message';
import { expiredSessionCookies, splitCookieHeader } from './lib/verify/cookie-header';
import { ACTION_BODY_LIMIT_BYTES, judgeActionBody, MALFORMED_ACTION_MESSAGE, readActionBody, TOO_LARGE_ACTION_MESSAGE } from './lib/actions/action-body';

export async function proxy(request: NextRequest) {
  const env = getEnv();
  const { pathname, search } = request.nextUrl;

  // CSRF: a state-changing request must come from a page of this portal. Refused here with a
  // readable page; the action pipeline checks again (and also refuses a missing Origin).
  if (request.method !== 'GET' && request.method !== 'HEAD' && request.headers.has('origin')) {
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
    if (!isSameOriginPost({ origin: request.headers.get('origin'), host, portalUrl: env.url })) {
      return new NextResponse(CROSS_ORIGIN_MESSAGE, { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
    }
  }

  // Next re-sends a server action posted to a page that does not hold it to the page that does
  // (marked x-action-forwarded). Gatehouse's forms post to their own pages, so such a request is
  // a made-up one: answered with Next's own "action not found" marker, which Next turns into a
  // plain 409 "Server Action unavailable." for the client.
  if (request.method === 'POST' && request.headers.has('x-action-forwarded')) {
    return new NextResponse('Server Action unavailable.', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'x-nextjs-action-not-found': '1' },
    });
  }

  // A server-action POST that Next could not even decode (it would answer 500): refused here,
  // plainly. Whether it suits the action is the action pipeline's business.
  if (request.method === 'POST') {
    const length = Number(request.headers.get('content-length') ?? 0);
    if (!Number.isFinite(length) || length > ACTION_BODY_LIMIT_BYTES) {
      return new NextResponse(TOO_LARGE_ACTION_MESSAGE, { status: 413, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
    }
    const body = await readActionBody(request);
    const verdict = body
      ? judgeActionBody({ nextAction: request.headers.has('next-action'), body })
      : { ok: false as const, reason: 'the body does not match its Content-Type' };
    if (!verdict.ok) {
      return new NextResponse(`${MALFORMED_ACTION_MESSAGE} (${verdict.reason})`, {
        status: 400,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
      });
    }
  }

  if (!isPublicPath(pathname) && !request.cookies.has(env.cookie.name)) {
    const target = new URL('/sign-in', request.url);
    // The legacy Authelia nginx flow sends people to the portal root with ?rd=<original URL>.
    const rd = pathname === '/' ? request.nextUrl.searchParams.get('rd') : pathname + search;
    if (rd) target.searchParams.set('rd', rd);
    return NextResponse.redirect(new URL(target.pathname + target.search, env.url), 303);
  }

  const nonce = crypto.randomUUID().replace(/-/g, '');
  const csp = contentSecurityPolicy({
    nonce,
    dev: env.nodeEnv === 'development',
    https: env.url.startsWith('https:'),
    cookieDomain: env.cookie.domain,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.set(PATHNAME_HEADER, pathname + search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  response.headers.set('Cache-Control', 'no-store');
  if (env.url.startsWith('https:')) response.headers.set('Strict-Transport-Security', 'max-age=31536000');
  // Two session cookies are no session anywhere (lib/verify/cookie-header.ts); the sign-in page
  // says so and its answer expires both the host-only and the domain cookie, so the next sign-in
  // starts clean. (Only there: elsewhere the page would lose the notice.)
  if (pathname === '/sign-in' && splitCookieHeader(request.headers.get('cookie'), env.cookie.name).sessions.length > 1) {
    for (const value of expiredSessionCookies(env.cookie)) response.headers.append('Set-Cookie', value);
  }
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
    },
  ],
};
